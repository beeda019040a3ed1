using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LeadActivity.Tests.Activities;

/// <summary>
/// Every query behind a dashboard reads a bounded range of an index — today, the last two hours, the newest ids —
/// never the organization's history. Checked on the databases' own plans (EXPLAIN QUERY PLAN, EXPLAIN) over an
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

    private async Task AssertUsesAsync<T>(Func<LeadActivityDbContext, IQueryable<T>> query, params string[] indexes)
    {
        await using var db = database.Context(org);
        await db.Database.OpenConnectionAsync();
        if (provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off"); // a table this small would be read whole anyway
        await using var command = query(db).CreateDbCommand();
        command.CommandText = (provider == DatabaseProvider.Postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.CommandText;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                plan.Add(reader.GetValue(reader.FieldCount - 1).ToString()!);
        }
        output.WriteLine(command.CommandText);
        output.WriteLine(string.Join('\n', plan));
        Assert.Contains(plan, line => indexes.Any(line.Contains));
        Assert.DoesNotContain(plan, line => line.Trim() is "SCAN a" || line.Contains("Seq Scan on \"Activities\""));
    }
}

public sealed class DashboardQueryPlanOnSqliteTests(ITestOutputHelper output) : DashboardQueryPlanTests(DatabaseProvider.Sqlite, output);

public sealed class DashboardQueryPlanOnPostgresTests(ITestOutputHelper output) : DashboardQueryPlanTests(DatabaseProvider.Postgres, output);
