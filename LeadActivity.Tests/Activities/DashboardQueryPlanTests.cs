using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LeadActivity.Tests.Activities;

/// <summary>
/// The dashboard feed's queries read a bounded range of an index — the newest ids, of the organization or of one
/// campaign — never the organization's history (the range panel's and the overview's: <c>CampaignQueryPlanTests</c>). Checked on the databases' own plans (EXPLAIN QUERY PLAN, EXPLAIN) over an
/// organization whose activity is mostly old.
/// </summary>
public abstract class DashboardQueryPlanTests(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
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
        await SeedAsync(org, i => i % 10 == 0 ? campaign : other);
        // Another organization as busy, so that walking ids newest first would read mostly its rows.
        var neighbour = await database.AddOrganizationAsync("globex");
        var theirs = (await database.AddCampaignAsync(neighbour)).Id;
        await SeedAsync(neighbour, _ => theirs);
        await using var db = database.Context(org);
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    /// <summary>A year of history, interleaved with the other organization's, and today's few.</summary>
    private async Task SeedAsync(int organization, Func<int, int> campaignOf)
    {
        await using var db = database.Context(organization);
        var leads = Enumerable.Range(0, 20).Select(i => new Lead
        {
            CampaignId = campaignOf(i), Name = $"Lead {i}", Phone = $"+1212555{i:0000}", CreatedAt = Now, UpdatedAt = Now,
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
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    // PostgreSQL may also walk the primary key backwards under the LIMIT, filtering by organization: newest ids first too.
    [SkippableFact]
    public async Task The_feed_reads_the_newest_ids() =>
        await AssertUsesAsync(db => ActivityFeed.Recent(db, 50, null), "IX_Activities_OrganizationId_Id", "Index Scan Backward using \"PK_Activities\"");

    [SkippableFact]
    public async Task One_campaigns_feed_reads_that_campaigns_newest_ids() =>
        await AssertUsesAsync(db => ActivityFeed.Recent(db, 50, campaign), "IX_Activities_CampaignId_Id");

    private Task AssertUsesAsync<T>(Func<LeadActivityDbContext, IQueryable<T>> query, params string[] indexes) =>
        QueryPlan.AssertUsesAsync(database, org, output, query, indexes);
}

public sealed class DashboardQueryPlanOnSqliteTests(ITestOutputHelper output) : DashboardQueryPlanTests(DatabaseProvider.Sqlite, output);

public sealed class DashboardQueryPlanOnPostgresTests(ITestOutputHelper output) : DashboardQueryPlanTests(DatabaseProvider.Postgres, output);
