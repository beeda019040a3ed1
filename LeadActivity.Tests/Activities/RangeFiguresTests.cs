using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Activities;

public abstract class RangeFiguresTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private readonly ActivityStream stream = new();
    private TestDatabase database = null!;
    private int org;
    private Campaign spring = null!;
    private Campaign autumn = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        spring = await database.AddCampaignAsync(org, "Spring");
        autumn = await database.AddCampaignAsync(org, "Autumn");
        await using var db = database.Context(org);
        var a = new Lead { CampaignId = spring.Id, Name = "Ana", Phone = "+12125550147", CreatedAt = Now, UpdatedAt = Now };
        var b = new Lead { CampaignId = autumn.Id, Name = "Bo", Phone = "+12125550148", CreatedAt = Now, UpdatedAt = Now };
        db.Leads.AddRange(a, b);
        await db.SaveChangesAsync();
        // Today 09:10 (Spring, answered), today 08:20 (Autumn, no answer), yesterday 15:00 (Spring, voicemail), eight days ago.
        foreach (var (lead, at, outcome) in new[] { (a, Now.AddMinutes(-50), CallOutcome.Answered), (b, Now.AddMinutes(-100), CallOutcome.NoAnswer),
                     (a, Now.AddHours(-19), CallOutcome.Voicemail), (a, Now.AddDays(-8), CallOutcome.Busy) })
        {
            db.Activities.Add(new Activity
            {
                LeadId = lead.Id, CampaignId = lead.CampaignId, Kind = ActivityKind.Call, OccurredAt = at,
                Direction = Direction.Outbound, Channel = Channel.Phone, CallOutcome = outcome,
            });
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        stream.Dispose();
        await database.DisposeAsync();
    }

    private RangeFigures Figures() => new(database.Database, stream, NullLogger<RangeFigures>.Instance);

    private static IReadOnlyList<DateTime> Bars(string range) => DashboardRange.Parse(range, null, null, Today).Bars(TimeZoneInfo.Utc);

    [SkippableFact]
    public async Task A_range_counts_its_days_by_outcome_per_bar_and_a_campaign_counts_alone()
    {
        var figures = Figures();
        var today = new LatestView<RangeView>();
        var week = new LatestView<RangeView>();
        var springWeek = new LatestView<RangeView>();
        using var a = figures.Watch(org, null, Bars("today"), today.Show);
        using var b = figures.Watch(org, null, Bars("7d"), week.Show);
        using var c = figures.Watch(org, spring.Id, Bars("7d"), springWeek.Show);

        await Eventually.Until(() => today.Latest is not null && week.Latest is not null && springWeek.Latest is not null, "figures");
        Assert.Equal(2, today.Latest!.Totals.Calls);
        Assert.Equal(1, today.Latest.Series[ChartSeries.Answered][9]); // the 09:00 bar
        Assert.Equal(1, today.Latest.Series[ChartSeries.NoAnswer][8]);
        Assert.Equal(3, week.Latest!.Totals.Calls);
        Assert.Equal(1, week.Latest.Series[ChartSeries.Voicemail][5]); // yesterday's bar
        Assert.Equal(2, springWeek.Latest!.Totals.Calls);
        Assert.Equal(0.5, springWeek.Latest.Totals.AnswerRate);
    }

    [SkippableFact]
    public async Task Forty_dashboards_on_one_range_share_one_count_and_each_event_reaches_them_all()
    {
        var figures = Figures();
        var viewers = Enumerable.Range(0, 40).Select(_ => new LatestView<RangeView>()).ToList();
        var watches = viewers.Select(v => figures.Watch(org, null, Bars("today"), v.Show)).ToList();
        await Eventually.Until(() => viewers.All(v => v.Latest?.Totals.Calls == 2), "every dashboard has today's two calls");

        await new ActivityRecorder(database.Database, new FixedOrganizationScope(org), stream, clock).RecordAsync(
        [
            new ActivityInput { ExternalId = "range-call", Type = "call", CampaignId = spring.Id, LeadPhone = "+12125550147", OccurredAt = Now, Outcome = "busy" },
        ]);

        await Eventually.Until(() => viewers.All(v => v.Latest!.Totals.Calls == 3), "every dashboard counts the new call");
        Assert.Equal(1, viewers[0].Latest!.Series[ChartSeries.OtherCalls][10]);
        Assert.Equal(1, figures.DatabaseCounts);
        foreach (var watch in watches)
            watch.Dispose();
        Assert.Equal(0, stream.SubscriberCount(org));
    }
}

public sealed class RangeFiguresOnSqliteTests() : RangeFiguresTests(DatabaseProvider.Sqlite);

public sealed class RangeFiguresOnPostgresTests() : RangeFiguresTests(DatabaseProvider.Postgres);
