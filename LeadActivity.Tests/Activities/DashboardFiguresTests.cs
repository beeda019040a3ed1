using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Activities;

public abstract class DashboardFiguresTests(DatabaseProvider provider) : IAsyncLifetime
{
    // 10:02 in UTC; 11:02 in Berlin.
    private static readonly DateTime Now = new(2026, 12, 5, 10, 2, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private readonly ActivityStream stream = new();
    private TestDatabase database = null!;
    private int org;
    private Campaign campaign = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        campaign = await database.AddCampaignAsync(org);
        await using var db = database.Context(org);
        var lead = new Lead { CampaignId = campaign.Id, Name = "Ana", Phone = "+12125550147", CreatedAt = Now, UpdatedAt = Now };
        db.Leads.Add(lead);
        await db.SaveChangesAsync();
        // 23:30 UTC yesterday is already today in Berlin; 09:50 is today everywhere and in the chart's last two hours.
        foreach (var at in new[] { Now.AddHours(-10.5), Now.AddMinutes(-12) })
        {
            db.Activities.Add(new Activity
            {
                LeadId = lead.Id, CampaignId = campaign.Id, Kind = ActivityKind.Call, OccurredAt = at,
                Direction = Direction.Outbound, Channel = Channel.Phone, CallOutcome = CallOutcome.Answered,
            });
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        stream.Dispose();
        await database.DisposeAsync();
    }

    private DashboardFigures Figures() => new(database.Database, stream, clock, NullLogger<DashboardFigures>.Instance);

    private Task RecordCallAsync() => new ActivityRecorder(database.Database, new FixedOrganizationScope(org), stream, clock).RecordAsync(
    [
        new ActivityInput { ExternalId = Guid.NewGuid().ToString("N"), Type = "call", CampaignId = campaign.Id, LeadPhone = "+1 212 555 0147", OccurredAt = Now, Outcome = "no_answer" },
    ]);

    [SkippableFact]
    public async Task Fifty_dashboards_of_one_organization_get_their_figures_from_one_count_and_each_event_reaches_all_of_them()
    {
        var figures = Figures();
        var dashboards = Enumerable.Range(0, 50).Select(_ => new Dashboard()).ToList();
        var watches = dashboards.Select(d => figures.Watch(org, TimeZoneInfo.Utc, d.Show)).ToList();
        await Until(() => dashboards.All(d => d.Latest?.Totals.Calls == 1), "every dashboard shows today's one call");

        await RecordCallAsync();

        await Until(() => dashboards.All(d => d.Latest?.Totals.Calls == 2), "every dashboard shows the new call");
        Assert.All(dashboards, d => Assert.Equal(2, d.Latest!.Totals.Calls));
        Assert.All(dashboards, d => Assert.Equal(0.5, d.Latest!.Totals.AnswerRate));
        Assert.All(dashboards, d => Assert.Equal([1, 0, 1], d.Latest!.Histogram.Calls.TakeLast(3))); // the 09:50 and 10:00 bars
        Assert.Equal(1, figures.DatabaseCounts); // the event was added to the counts, for all fifty
        foreach (var watch in watches)
            watch.Dispose();
        Assert.Equal(0, stream.SubscriberCount(org)); // the last dashboard gone, the figures stop following
    }

    [SkippableFact]
    public async Task Today_is_counted_from_each_watchers_midnight_once_per_distinct_day()
    {
        var figures = Figures();
        var inUtc = new Dashboard();
        var inBerlin = new Dashboard();
        var alsoInBerlin = new Dashboard();
        using var a = figures.Watch(org, TimeZoneInfo.Utc, inUtc.Show);
        using var b = figures.Watch(org, Berlin, inBerlin.Show);
        using var c = figures.Watch(org, Berlin, alsoInBerlin.Show);

        await Until(() => inUtc.Latest is not null && inBerlin.Latest is not null && alsoInBerlin.Latest is not null, "all three have figures");
        Assert.Equal(1, inUtc.Latest!.Totals.Calls);
        Assert.Equal(2, inBerlin.Latest!.Totals.Calls); // 00:30 in Berlin
        Assert.Equal(2, alsoInBerlin.Latest!.Totals.Calls);

        await RecordCallAsync();

        await Until(() => inUtc.Latest!.Totals.Calls == 2 && inBerlin.Latest!.Totals.Calls == 3, "both days count the new call");
        Assert.InRange(figures.DatabaseCounts, 1, 2); // the first count, and Berlin's day if it came after it
    }

    [SkippableFact]
    public async Task A_dashboard_that_falls_behind_is_counted_again_from_the_database()
    {
        var figures = Figures();
        var dashboard = new Dashboard();
        using var watch = figures.Watch(org, TimeZoneInfo.Utc, dashboard.Show);
        await Until(() => dashboard.Latest is not null, "figures");
        var counts = figures.DatabaseCounts;

        stream.MarkFellBehind(org); // events were lost on the way between nodes

        await Until(() => figures.DatabaseCounts > counts, "a count from the database");
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    private sealed class Dashboard
    {
        private DashboardView? _latest;

        public DashboardView? Latest => Volatile.Read(ref _latest);

        public void Show(DashboardView view) => Volatile.Write(ref _latest, view);
    }
}

public sealed class DashboardFiguresOnSqliteTests() : DashboardFiguresTests(DatabaseProvider.Sqlite);

public sealed class DashboardFiguresOnPostgresTests() : DashboardFiguresTests(DatabaseProvider.Postgres);
