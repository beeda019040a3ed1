using Bunit;
using LeadActivity.App.Components.Campaigns;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace LeadActivity.Tests.Components;

public sealed class CampaignOverviewPanelTests : IAsyncLifetime
{
    // Monday 1 December 2025, 10:00 in New York.
    private static readonly DateTime Now = new(2025, 12, 1, 15, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10); // figures are counted off the render thread
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private TestDatabase database = null!;
    private int organization;
    private Campaign campaign = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        organization = await database.AddOrganizationAsync("acme");
        campaign = await database.AddCampaignAsync(organization);
        await using var db = database.Context(organization);
        for (var i = 0; i < 8; i++)
        {
            db.Leads.Add(new Lead
            {
                CampaignId = campaign.Id, Name = $"Lead {i}", Phone = $"+1212555016{i}", CreatedAt = Now, UpdatedAt = Now,
                Status = i switch { 0 => LeadStatus.Qualified, 1 => LeadStatus.NotInterested, _ => LeadStatus.New },
            });
        }
        await db.SaveChangesAsync();
        var reached = db.Leads.Local.Where(l => l.Status != LeadStatus.New).ToList();
        foreach (var (lead, outcome) in reached.Zip([CallOutcome.Answered, CallOutcome.NoAnswer]))
        {
            db.Activities.Add(new Activity
            {
                LeadId = lead.Id, CampaignId = campaign.Id, Kind = ActivityKind.Call, OccurredAt = Now.AddMinutes(-2),
                Direction = Domain.Activities.Direction.Outbound, Channel = Channel.Phone, CallOutcome = outcome,
            });
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private static string Text(IRenderedComponent<CampaignOverviewPanel> panel, string selector) =>
        System.Text.RegularExpressions.Regex.Replace(panel.Find(selector).TextContent, @"\s+", " ").Trim();

    [Fact]
    public async Task The_overview_shows_progress_pace_outcomes_and_the_funnel_and_moves_with_each_call()
    {
        await using var ctx = InteractiveContext.For(database, organization, clock);
        ctx.Render<MudPopoverProvider>();

        var panel = ctx.Render<CampaignOverviewPanel>(p => p
            .Add(x => x.CampaignId, campaign.Id).Add(x => x.Channel, Channel.Phone).Add(x => x.Status, CampaignStatus.Active));

        panel.WaitForAssertion(() => Assert.Equal("2 of 8", Text(panel, "#ov-contacted")), Wait);
        Assert.Equal("25.0%", Text(panel, "#ov-done"));
        Assert.Equal("6 leads left", Text(panel, "#ov-left"));
        Assert.Equal("0.4", Text(panel, "#ov-pace-now")); // two calls in the last five minutes
        Assert.Equal("50%", Text(panel, "#ov-outcomes [data-outcome='Answered'] td:last-child"));
        Assert.Equal("2 25%", Text(panel, "#ov-funnel [data-step='contacted'] .la-ov-count") + " " + Text(panel, "#ov-funnel [data-step='contacted'] .la-ov-conv"));
        Assert.Equal("50%", Text(panel, "#ov-funnel [data-step='qualified'] .la-ov-conv"));
        Assert.StartsWith("Calling window open now", Text(panel, "#ov-window"));
        // 6 leads at 0.4 a minute: 15 minutes, inside today's window.
        Assert.Equal("At this pace the list is done today 15:15 your time, calling only within calling hours.", Text(panel, "#ov-eta"));

        await new ActivityRecorder(database.Database, new FixedOrganizationScope(organization), ctx.Services.GetRequiredService<ActivityStream>(), clock).RecordAsync(
        [
            new ActivityInput { ExternalId = "first-call", Type = "call", CampaignId = campaign.Id, LeadPhone = "+12125550162", OccurredAt = Now, Outcome = "voicemail" },
        ]);

        panel.WaitForAssertion(() => Assert.Equal("3 of 8", Text(panel, "#ov-contacted")), Wait);
        Assert.Equal("37.5%", Text(panel, "#ov-done"));
        Assert.Equal("0.6", Text(panel, "#ov-pace-now"));
        Assert.Equal("1", Text(panel, "#ov-outcomes [data-outcome='Voicemail'] td.la-num"));
        Assert.Equal("33%", Text(panel, "#ov-funnel [data-step='qualified'] .la-ov-conv"));
    }

    [Fact]
    public async Task A_paused_campaign_says_so_instead_of_a_finish()
    {
        await using var ctx = InteractiveContext.For(database, organization, clock);
        ctx.Render<MudPopoverProvider>();

        var panel = ctx.Render<CampaignOverviewPanel>(p => p
            .Add(x => x.CampaignId, campaign.Id).Add(x => x.Channel, Channel.Phone).Add(x => x.Status, CampaignStatus.Paused));

        panel.WaitForAssertion(() => Assert.Equal("Paused: no new attempts until it is resumed.", Text(panel, "#ov-window")), Wait);
        Assert.Equal("", Text(panel, "#ov-eta"));
    }
}
