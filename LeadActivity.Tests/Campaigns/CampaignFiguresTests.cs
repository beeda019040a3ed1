using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Campaigns;

public abstract class CampaignFiguresTests(DatabaseProvider provider) : IAsyncLifetime
{
    // Monday 10:00 in New York.
    private static readonly DateTime Now = new(2025, 12, 1, 15, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private readonly ActivityStream stream = new();
    private TestDatabase database = null!;
    private int org;
    private Campaign campaign = null!;
    private Campaign other = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        campaign = await database.AddCampaignAsync(org);
        other = await database.AddCampaignAsync(org, "Other");
        await using var db = database.Context(org);
        for (var i = 0; i < 4; i++)
            db.Leads.Add(new Lead { CampaignId = campaign.Id, Name = $"Lead {i}", Phone = $"+1212555014{i}", CreatedAt = Now, UpdatedAt = Now });
        db.Leads.Add(new Lead { CampaignId = other.Id, Name = "Elsewhere", Phone = "+12125550199", CreatedAt = Now, UpdatedAt = Now });
        await db.SaveChangesAsync();
        var first = db.Leads.Local.First(l => l.CampaignId == campaign.Id);
        // History: one answered call 20 minutes ago (in the last hour), one busy call yesterday, one in the other campaign.
        foreach (var (at, outcome, campaignId) in new[] { (Now.AddMinutes(-20), CallOutcome.Answered, campaign.Id), (Now.AddDays(-1), CallOutcome.Busy, campaign.Id) })
        {
            db.Activities.Add(new Activity
            {
                LeadId = first.Id, CampaignId = campaignId, Kind = ActivityKind.Call, OccurredAt = at,
                Direction = Direction.Outbound, Channel = Channel.Phone, CallOutcome = outcome,
            });
        }
        first.Status = LeadStatus.Contacted;
        db.FollowUps.Add(new FollowUp { LeadId = first.Id, CampaignId = campaign.Id, DueAt = Now.AddHours(1), Attempt = 2, MaxAttempts = 3, CreatedAt = Now });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        stream.Dispose();
        await database.DisposeAsync();
    }

    private CampaignFigures Figures() => new(database.Database, stream, clock, NullLogger<CampaignFigures>.Instance);

    private Task RecordCallAsync(string phone, string outcome, int campaignId) =>
        new ActivityRecorder(database.Database, new FixedOrganizationScope(org), stream, clock).RecordAsync(
        [
            new ActivityInput { ExternalId = Guid.NewGuid().ToString("N"), Type = "call", CampaignId = campaignId, LeadPhone = phone, OccurredAt = Now, Outcome = outcome },
        ]);

    [SkippableFact]
    public async Task The_overview_counts_the_campaign_once_then_adds_each_event_for_every_viewer()
    {
        var figures = Figures();
        var viewers = Enumerable.Range(0, 20).Select(_ => new LatestView<CampaignFiguresView>()).ToList();
        var watches = viewers.Select(v => figures.Watch(org, campaign.Id, v.Show)).ToList();
        await Eventually.Until(() => viewers.All(v => v.Latest is not null), "every viewer has figures");
        var first = viewers[0].Latest!;
        Assert.Equal(4, first.Leads);
        Assert.Equal(1, first.Contacted);
        Assert.Equal(3, first.LeadsLeft);
        Assert.Equal(2, first.Calls);
        Assert.Equal(1, first.CallOutcomes[CallOutcome.Busy]);
        Assert.Equal(1, first.LastHour);
        Assert.Equal(1, first.FollowUpsWaiting);
        Assert.True(first.WindowOpen); // 10:00 on a Monday in New York

        await RecordCallAsync("+12125550142", "no_answer", campaign.Id); // a new lead's first call: it becomes contacted
        await RecordCallAsync("+12125550199", "answered", other.Id); // another campaign's call changes nothing here

        await Eventually.Until(() => viewers.All(v => v.Latest!.Calls == 3 && v.Latest.Contacted == 2),
            () => $"every viewer shows the new call and the lead it reached (calls {viewers[0].Latest!.Calls}, contacted {viewers[0].Latest!.Contacted})");
        var after = viewers[^1].Latest!;
        Assert.Equal(1, after.CallOutcomes[CallOutcome.NoAnswer]);
        Assert.Equal(2, after.LastHour);
        Assert.Equal(0.5, after.Done);
        Assert.Equal(1, figures.DatabaseCounts); // one count for twenty viewers; the events were added
        Assert.True(figures.EventCost.Events >= 1);
        foreach (var watch in watches)
            watch.Dispose();
    }

    [SkippableFact]
    public async Task A_second_viewer_after_the_first_gets_the_figures_without_another_count()
    {
        var figures = Figures();
        var a = new LatestView<CampaignFiguresView>();
        using (figures.Watch(org, campaign.Id, a.Show))
            await Eventually.Until(() => a.Latest is not null, "figures");

        var b = new LatestView<CampaignFiguresView>();
        using var again = figures.Watch(org, campaign.Id, b.Show); // within the linger: the figures are still held
        await Eventually.Until(() => b.Latest is not null, "figures for the second viewer");
        Assert.Equal(1, figures.DatabaseCounts);
    }

    [SkippableFact]
    public async Task Events_lost_on_the_way_make_the_figures_count_again()
    {
        var figures = Figures();
        var viewer = new LatestView<CampaignFiguresView>();
        using var watch = figures.Watch(org, campaign.Id, viewer.Show);
        await Eventually.Until(() => viewer.Latest is not null, "figures");

        stream.MarkFellBehind(org);

        await Eventually.Until(() => figures.DatabaseCounts > 1, "a count from the database");
    }
}

public sealed class CampaignFiguresOnSqliteTests() : CampaignFiguresTests(DatabaseProvider.Sqlite);

public sealed class CampaignFiguresOnPostgresTests() : CampaignFiguresTests(DatabaseProvider.Postgres);
