using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LeadActivity.Tests.Campaigns;

/// <summary>
/// The campaign overview's and the dashboard range's queries read their campaign's or their days' part of an index,
/// never the organization's history; checked on the databases' own plans over an organization whose activity is
/// mostly another campaign's and mostly old.
/// </summary>
public abstract class CampaignQueryPlanTests(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);
    private TestDatabase database = null!;
    private int org;
    private int campaign;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        campaign = (await database.AddCampaignAsync(org)).Id;
        var other = (await database.AddCampaignAsync(org, "Autumn")).Id;
        await using var db = database.Context(org);
        var leads = Enumerable.Range(0, 20).Select(i => new Lead
        {
            CampaignId = i % 10 == 0 ? campaign : other, Name = $"Lead {i}", Phone = $"+1212555{i:0000}", CreatedAt = Now, UpdatedAt = Now,
        }).ToList();
        db.Leads.AddRange(leads);
        await db.SaveChangesAsync();
        for (var i = 0; i < 3_000; i++)
        {
            var lead = leads[i % 20];
            db.Activities.Add(new Activity
            {
                LeadId = lead.Id, CampaignId = lead.CampaignId, Kind = i % 3 == 0 ? ActivityKind.Message : ActivityKind.Call,
                OccurredAt = i < 2_990 ? Now.AddDays(-365).AddHours(i) : Now.AddMinutes(-i % 60), CallOutcome = CallOutcome.Answered,
            });
        }
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    // On a table this small PostgreSQL may take the campaign's (campaign, id) range and read the rows: the campaign's
    // part still, never the organization's.
    [SkippableFact]
    public async Task The_overviews_outcome_count_reads_only_its_campaigns_index_entries() =>
        await AssertUsesAsync(db => CampaignFigures.OutcomeCounts(db, campaign, long.MaxValue), "IX_Activities_CampaignOutcomes", "IX_Activities_CampaignId_Id");

    // With one organization holding one campaign, PostgreSQL may as well take the organization's last hour: bounded by
    // time too, never the campaign's whole history.
    [SkippableFact]
    public async Task The_overviews_pace_reads_the_campaigns_last_hour_by_time() =>
        await AssertUsesAsync(db => CampaignFigures.PaceTimes(db, campaign, Now.AddHours(-1), long.MaxValue), "IX_Activities_CampaignPace", "IX_Activities_OrganizationId_OccurredAt");

    [SkippableFact]
    public async Task A_dashboard_range_reads_its_days_by_time() =>
        await AssertUsesAsync(db => RangeFigures.Rows(db, Now.AddDays(-7), Now, null, long.MaxValue), "IX_Activities_OrganizationId_OccurredAt");

    [SkippableFact]
    public async Task A_dashboard_range_of_one_campaign_reads_that_campaigns_days_by_time() =>
        await AssertUsesAsync(db => RangeFigures.Rows(db, Now.AddDays(-7), Now, campaign, long.MaxValue), "IX_Activities_CampaignPace", "IX_Activities_OrganizationId_OccurredAt");

    private Task AssertUsesAsync<T>(Func<LeadActivityDbContext, IQueryable<T>> query, params string[] indexes) =>
        QueryPlan.AssertUsesAsync(database, org, output, query, indexes);
}

public sealed class CampaignQueryPlanOnSqliteTests(ITestOutputHelper output) : CampaignQueryPlanTests(DatabaseProvider.Sqlite, output);

public sealed class CampaignQueryPlanOnPostgresTests(ITestOutputHelper output) : CampaignQueryPlanTests(DatabaseProvider.Postgres, output);
