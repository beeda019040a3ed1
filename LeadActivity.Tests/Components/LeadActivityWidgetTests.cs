using Bunit;
using LeadActivity.App.Components.Activity;
using LeadActivity.Domain.Activities;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadActivity.Tests.Components;

public sealed class LeadActivityWidgetTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private int organization;
    private int campaign;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        organization = await database.AddOrganizationAsync("acme");
        campaign = (await database.AddCampaignAsync(organization)).Id;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task An_event_that_arrives_after_a_newer_one_takes_its_place_instead_of_being_lost()
    {
        await using var ctx = InteractiveContext.For(database, organization);
        var (stream, widget) = RenderLoadedFeed(ctx);

        // Between app servers, 11 can reach this node before 10 (10's publish through Redis stalled on the way).
        stream.Publish(organization, [Event(11)]);
        widget.WaitForAssertion(() => Assert.Equal(["11"], Shown(widget)));
        stream.Publish(organization, [Event(10)]);
        stream.Publish(organization, [Event(11)]); // and a repeat is still shown once

        widget.WaitForAssertion(() => Assert.Equal(["11", "10"], Shown(widget)));
    }

    [Fact]
    public async Task A_cancelled_follow_up_reads_as_one_in_the_feed_with_the_timelines_icon()
    {
        await using var ctx = InteractiveContext.For(database, organization);
        var (stream, widget) = RenderLoadedFeed(ctx);

        stream.Publish(organization, [Event(12) with { Kind = ActivityKind.FollowUpCancelled, CallOutcome = null }]);

        widget.WaitForAssertion(() => Assert.Contains("Follow-up cancelled", widget.Find("[data-activity-id='12']").TextContent));
        Assert.DoesNotContain("Note added", widget.Find("[data-activity-id='12']").TextContent);
        Assert.Equal("FollowUpCancelled", widget.Find("[data-activity-id='12'] [data-icon-kind]").GetAttribute("data-icon-kind"));
    }

    [Fact]
    public async Task A_call_and_the_status_it_reported_share_one_row_with_the_campaign_and_a_link_to_the_call()
    {
        await using var ctx = InteractiveContext.For(database, organization);
        var (stream, widget) = RenderLoadedFeed(ctx);
        var call = Event(20) with { CallOutcome = CallOutcome.Answered, DurationSeconds = 95 };
        var status = new ActivityEvent(21, call.OccurredAt, ActivityKind.StatusChange, 1, "Ana", campaign, "Spring", null, null, null, null, null,
            Domain.Leads.LeadStatus.Contacted, Domain.Leads.LeadStatus.Qualified, null);

        stream.Publish(organization, [call, status]);

        widget.WaitForAssertion(() => Assert.Single(widget.FindAll("#activity-feed article")));
        var row = widget.Find("#activity-feed article");
        Assert.Equal("20", row.GetAttribute("data-activity-id"));
        Assert.Contains("→ Qualified", row.TextContent);
        Assert.Contains("Spring", row.TextContent);
        Assert.Equal("leads/1/calls/20", row.QuerySelector("a[href*='/calls/']")!.GetAttribute("href"));
        Assert.Equal("Ana: Call answered · 1m 35s, then Status Contacted → Qualified", row.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task While_events_between_servers_are_delayed_the_chip_says_so_instead_of_Live()
    {
        var delivery = new LiveDeliveryStatus(throughRedis: true, endpoint: "redis.internal:6379"); // delayed until it first connects
        await using var ctx = InteractiveContext.For(database, organization, services: s => s.AddSingleton(delivery));
        var (_, widget) = RenderLoadedFeed(ctx);

        widget.WaitForAssertion(() => Assert.Equal("Delayed — catching up", widget.Find("#live-indicator").TextContent.Trim()));

        delivery.Set(delayed: false, problem: null);
        widget.WaitForAssertion(() => Assert.Equal("Live", widget.Find("#live-indicator").TextContent.Trim()));

        delivery.Set(delayed: true, problem: "It was not possible to connect to the redis server(s).");
        widget.WaitForAssertion(() => Assert.Equal("delayed", widget.Find("#live-indicator").GetAttribute("data-delivery")));
    }

    /// <summary>The widget with its first page loaded, and the stream that feeds it.</summary>
    private static (ActivityStream Stream, IRenderedComponent<LeadActivityWidget> Widget) RenderLoadedFeed(BunitContext ctx)
    {
        ctx.Render<MudPopoverProvider>();
        var widget = ctx.Render<LeadActivityWidget>();
        // The feed loads after its first render (its subscriber starts first): the first query of a test process
        // builds EF's model, which takes more than bUnit's default second on a busy machine.
        widget.WaitForAssertion(() => Assert.Equal("false", widget.Find("#activity-feed").GetAttribute("aria-busy")), TimeSpan.FromSeconds(10));
        return (ctx.Services.GetRequiredService<ActivityStream>(), widget);
    }

    private static string[] Shown(IRenderedComponent<LeadActivityWidget> widget) =>
        widget.FindAll("#activity-feed [data-activity-id]").Select(e => e.GetAttribute("data-activity-id")!).ToArray();

    private ActivityEvent Event(long id) => new(id, DateTime.UtcNow, ActivityKind.Call, 1, "Ana", campaign, "Spring", Domain.Activities.Direction.Outbound,
        Domain.Campaigns.Channel.Phone, CallOutcome.NoAnswer, null, 0, null, null, null);
}
