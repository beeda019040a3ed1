using Stopwatch = System.Diagnostics.Stopwatch;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Domain.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Bench;

/// <summary>
/// <c>lead-detail [--activities N] [--runs R]</c>: what the lead page does on open (the lead, its first timeline page,
/// its notes) for a lead with N activities, in a database of 10,000 demo leads.
/// </summary>
public static class LeadDetailScenario
{
    public static async Task RunAsync(BenchArgs args)
    {
        var activities = args.Int("activities", 10_000);
        var runs = args.Int("runs", 50);
        var path = Path.GetFullPath("bench/.cache/lead-detail.db");
        await SeedScenario.SeedAsync(path, 10_000, campaigns: 3);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();

        int organizationId, leadId;
        await using (var db = LeadActivityDatabase.Sqlite(connectionString).CreateContext(0))
        {
            var lead = await db.Leads.IgnoreQueryFilters().OrderBy(l => l.Id).FirstAsync();
            (organizationId, leadId) = (lead.OrganizationId, lead.Id);
        }
        using (var connection = SqliteDatabase.OpenConnection(connectionString))
        using (var transaction = connection.BeginTransaction())
        using (var writer = new BulkWriter(connection, organizationId))
        {
            var start = DateTime.UtcNow.AddDays(-60);
            for (var i = 0; i < activities; i++)
            {
                writer.Insert(new Activity
                {
                    LeadId = leadId, CampaignId = 1, Kind = i % 3 == 0 ? ActivityKind.Message : ActivityKind.Call,
                    OccurredAt = start.AddMinutes(i * 8), CallOutcome = i % 3 == 0 ? null : CallOutcome.NoAnswer,
                    DeliveryState = i % 3 == 0 ? DeliveryState.Delivered : null, Body = i % 3 == 0 ? "Hi, is now a good time?" : null,
                    Summary = i % 3 == 0 ? null : "No answer.",
                });
            }
            transaction.Commit();
            SqliteDatabase.Optimize(connection);
        }

        var factory = LeadActivityDatabase.Sqlite(connectionString).CreateFactory(organizationId);
        var details = new LeadDetailQuery(factory);
        var notes = new NoteService(factory, new FixedUser("bench", "Bench"), TimeProvider.System, new ActivityStream());
        async Task OpenAsync()
        {
            _ = await details.GetAsync(leadId);
            _ = await details.TimelineAsync(leadId);
            _ = await notes.ListAsync(leadId);
        }
        for (var i = 0; i < 5; i++)
            await OpenAsync();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await OpenAsync();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        BenchOutput.Line("lead-detail", "open", new Dictionary<string, object>
        {
            ["activities"] = activities, ["runs"] = runs, ["p50_ms"] = times[runs / 2], ["p95_ms"] = times[(int)(runs * 0.95)],
        });
    }
}
