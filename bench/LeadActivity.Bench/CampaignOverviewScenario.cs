using Stopwatch = System.Diagnostics.Stopwatch;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Domain.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadActivity.Bench;

/// <summary>
/// <c>campaign-overview [--leads N] [--activities A] [--runs R] [--events E] [--viewers V]</c>: a campaign of N leads
/// (default 1,000,000) and A activities (default 3,000,000) in a SQLite file cached in <c>bench/.cache/</c> (seeded
/// once with prepared-statement inserts, <see cref="BulkWriter"/>), beside a small campaign of the demo's size.
/// <c>open-cold</c>: what the first viewer on a node waits for (the page's campaign read, then the figures counted from
/// the database); <c>open</c>: what every later viewer waits for while the figures are held (the page's read, then the
/// figures handed over). <c>event</c>: E calls recorded one by one through <see cref="ActivityRecorder"/> (commit and
/// publish, as the API does) with V viewers watching; <c>us_per_event</c> is the server time the figures spent per
/// event (adding it, building the view, handing it to every viewer: <see cref="CampaignFigures.EventCost"/>), for the
/// large campaign and the small one.
/// </summary>
public static class CampaignOverviewScenario
{
    public static async Task RunAsync(BenchArgs args)
    {
        var leads = args.Int("leads", 1_000_000);
        var activities = args.Int("activities", 3_000_000);
        var runs = args.Int("runs", 50);
        var events = args.Int("events", 500);
        var viewers = args.Int("viewers", 100);
        var path = Path.GetFullPath($"bench/.cache/campaign-overview-{leads}-{activities}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        if (!File.Exists(path + ".done"))
        {
            Console.Error.WriteLine($"seeding {leads:N0} leads and {activities:N0} activities into {path} (cached for later runs)…");
            var started = Stopwatch.GetTimestamp();
            await SeedAsync(path, connectionString, leads, activities);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            BenchOutput.Line("campaign-overview", "seed", new Dictionary<string, object>
            {
                ["leads"] = leads, ["activities"] = activities, ["seconds"] = seconds, ["rows_per_s"] = (leads + activities) / seconds,
            });
            await File.WriteAllTextAsync(path + ".done", "");
        }
        await DatabaseInitializer.MigrateAsync(LeadActivityDatabase.Sqlite(connectionString));
        var database = LeadActivityDatabase.Sqlite(connectionString);
        int organizationId, big, small;
        await using (var db = database.CreateContext(0))
        {
            var campaigns = await db.Campaigns.IgnoreQueryFilters().OrderBy(c => c.Id).Select(c => new { c.Id, c.OrganizationId }).ToListAsync();
            (organizationId, big, small) = (campaigns[0].OrganizationId, campaigns[0].Id, campaigns[1].Id);
        }
        var campaignService = new CampaignService(database.CreateFactory(organizationId), TimeProvider.System);
        using var stream = new ActivityStream();

        async Task<CampaignFiguresView> OpenAsync(CampaignFigures figures, int campaignId)
        {
            _ = await campaignService.FindAsync(campaignId) ?? throw new InvalidOperationException("no campaign");
            var shown = new TaskCompletionSource<CampaignFiguresView>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var watch = figures.Watch(organizationId, campaignId, v => shown.TrySetResult(v));
            return await shown.Task;
        }

        // The first viewer on a node: a node of its own each time, so every run counts from the database.
        var cold = await MeasureAsync(Math.Max(5, runs / 5), () => OpenAsync(Figures(database, stream), big));
        var sample = await OpenAsync(Figures(database, stream), big);
        BenchOutput.Line("campaign-overview", "open-cold", new Dictionary<string, object>
        {
            ["leads"] = sample.Leads, ["activities"] = sample.Calls + sample.Messages, ["runs"] = cold.Count,
            ["p50_ms"] = Percentile(cold, 50), ["p95_ms"] = Percentile(cold, 95),
        });

        // Every later viewer: the figures are held on the node (someone watches, or watched within the linger).
        var node = Figures(database, stream);
        using (node.Watch(organizationId, big, _ => { }))
        {
            await OpenAsync(node, big);
            var warm = await MeasureAsync(runs, () => OpenAsync(node, big));
            BenchOutput.Line("campaign-overview", "open", new Dictionary<string, object>
            {
                ["leads"] = sample.Leads, ["runs"] = runs, ["p50_ms"] = Percentile(warm, 50), ["p95_ms"] = Percentile(warm, 95),
                ["database_counts"] = node.DatabaseCounts,
            });
        }

        foreach (var (name, campaignId) in new[] { ("large", big), ("small", small) })
        {
            var figures = Figures(database, stream);
            var watches = new List<IDisposable>();
            var seen = 0;
            for (var i = 0; i < viewers; i++)
                watches.Add(figures.Watch(organizationId, campaignId, _ => Interlocked.Increment(ref seen)));
            var opened = await OpenAsync(figures, campaignId);
            var phones = await PhonesAsync(database, organizationId, campaignId, events);
            var recorder = new ActivityRecorder(database, new FixedOrganizationScope(organizationId), stream, TimeProvider.System);
            var before = figures.EventCost;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < events; i++)
            {
                await recorder.RecordAsync(
                [
                    new ActivityInput
                    {
                        ExternalId = $"bench-{Guid.NewGuid():N}", Type = "call", CampaignId = campaignId, LeadPhone = phones[i % phones.Count],
                        OccurredAt = DateTime.UtcNow, Outcome = (i % 3) switch { 0 => "answered", 1 => "no_answer", _ => "voicemail" },
                    },
                ]);
            }
            var recording = Stopwatch.GetElapsedTime(started);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (figures.EventCost.Events - before.Events < events && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            var after = figures.EventCost;
            var added = after.Events - before.Events;
            BenchOutput.Line("campaign-overview", "event", new Dictionary<string, object>
            {
                ["campaign"] = name, ["leads"] = opened.Leads, ["viewers"] = viewers, ["events"] = events, ["added"] = added,
                ["us_per_event"] = added == 0 ? 0 : (after.Spent - before.Spent).TotalMicroseconds / added,
                ["record_ms_per_event"] = recording.TotalMilliseconds / events,
                ["database_counts"] = figures.DatabaseCounts,
            });
            foreach (var watch in watches)
                watch.Dispose();
        }
    }

    private static CampaignFigures Figures(LeadActivityDatabase database, ActivityStream stream) =>
        new(database, stream, TimeProvider.System, NullLogger<CampaignFigures>.Instance);

    private static async Task<List<string>> PhonesAsync(LeadActivityDatabase database, int organizationId, int campaignId, int take)
    {
        await using var db = database.CreateContext(organizationId);
        return await db.Leads.Where(l => l.CampaignId == campaignId && l.Phone != null).OrderByDescending(l => l.Id)
            .Select(l => l.Phone!).Take(take).ToListAsync();
    }

    private static async Task<List<double>> MeasureAsync(int runs, Func<Task> run)
    {
        await run(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    private static double Percentile(List<double> sorted, int p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * p / 100.0) - 1)];

    /// <summary>
    /// The demo organization (two small campaigns), then <paramref name="leads"/> more leads in its first campaign and
    /// <paramref name="activities"/> calls, messages and status changes among them, over 30 days, the newest in the last hour.
    /// </summary>
    private static async Task SeedAsync(string path, string connectionString, int leads, int activities)
    {
        await SeedScenario.SeedAsync(path, 200, campaigns: 2);
        int organizationId, campaignId;
        await using (var db = LeadActivityDatabase.Sqlite(connectionString).CreateContext(0))
        {
            var campaign = await db.Campaigns.IgnoreQueryFilters().OrderBy(c => c.Id).FirstAsync();
            (organizationId, campaignId) = (campaign.OrganizationId, campaign.Id);
        }
        var now = DateTime.UtcNow;
        var statuses = new[]
        {
            LeadStatus.New, LeadStatus.New, LeadStatus.New, LeadStatus.New, LeadStatus.Contacted, LeadStatus.Contacted,
            LeadStatus.Qualified, LeadStatus.Callback, LeadStatus.NotInterested, LeadStatus.Unreachable,
        };
        var outcomes = Enum.GetValues<CallOutcome>();
        using var connection = SqliteDatabase.OpenConnection(connectionString);
        var reached = new List<int>(leads);
        using (var transaction = connection.BeginTransaction())
        using (var writer = new BulkWriter(connection, organizationId))
        {
            for (var i = 0; i < leads; i++)
            {
                var status = statuses[i % statuses.Length];
                var lead = new Lead
                {
                    CampaignId = campaignId, Name = $"Bench lead {i}", Phone = $"+12122{i % 1_000_000:D6}", Status = status,
                    CreatedAt = now.AddDays(-31), UpdatedAt = now.AddDays(-31), LastActivityAt = status == LeadStatus.New ? null : now.AddDays(-1),
                };
                writer.Insert(lead);
                if (status != LeadStatus.New)
                    reached.Add(lead.Id);
                if (i % 200_000 == 199_999)
                    Console.Error.WriteLine($"  {i + 1:N0} leads");
            }
            transaction.Commit();
        }
        using (var transaction = connection.BeginTransaction())
        using (var writer = new BulkWriter(connection, organizationId))
        {
            var span = TimeSpan.FromDays(30).Ticks;
            for (var i = 0; i < activities; i++)
            {
                // Oldest first, so ids follow time as they do live; the last few thousand fall in the last hour.
                var at = now.AddTicks(-span + span / activities * i);
                var leadId = reached[i % reached.Count];
                var kind = (i % 10) switch { < 6 => ActivityKind.Call, < 8 => ActivityKind.Message, _ => ActivityKind.StatusChange };
                writer.Insert(new Activity
                {
                    LeadId = leadId, CampaignId = campaignId, Kind = kind, OccurredAt = at,
                    Direction = kind == ActivityKind.StatusChange ? null : Direction.Outbound,
                    Channel = kind == ActivityKind.Message ? Channel.WhatsApp : kind == ActivityKind.Call ? Channel.Phone : null,
                    CallOutcome = kind == ActivityKind.Call ? outcomes[i % outcomes.Length] : null,
                    DurationSeconds = kind == ActivityKind.Call ? 30 + i % 200 : null,
                    DeliveryState = kind == ActivityKind.Message ? (i % 20 == 7 ? DeliveryState.Failed : DeliveryState.Delivered) : null,
                    Body = kind == ActivityKind.Message ? "Hi, is now a good time?" : null,
                    StatusFrom = kind == ActivityKind.StatusChange ? LeadStatus.New : null,
                    StatusTo = kind == ActivityKind.StatusChange ? LeadStatus.Contacted : null,
                    Actor = kind == ActivityKind.StatusChange ? "AI agent" : null,
                });
                if (i % 500_000 == 499_999)
                    Console.Error.WriteLine($"  {i + 1:N0} activities");
            }
            transaction.Commit();
        }
        SqliteDatabase.Optimize(connection);
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
        SqliteConnection.ClearAllPools();
    }
}
