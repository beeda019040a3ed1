using Bunit;
using LeadActivity.App.Components.Activity;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadActivity.Tests.Components;

/// <summary>Circuit hygiene: a dashboard whose browser went away holds no subscription and runs no query until it comes back.</summary>
public sealed class ActivitySubscriberTests : IAsyncLifetime
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
    public async Task A_disconnected_circuits_subscription_ends_within_a_second_and_comes_back_with_a_catch_up()
    {
        await using var ctx = InteractiveContext.For(database, organization);
        var stream = ctx.Services.GetRequiredService<ActivityStream>();
        var circuit = ctx.Services.GetRequiredService<LiveCircuit>();
        var bursts = new List<ActivityBurst>();
        ctx.Render<ActivitySubscriber>(p => p.Add(s => s.OnEvents, (burst, _) =>
        {
            lock (bursts)
                bursts.Add(burst);
            return Task.CompletedTask;
        }));
        Assert.Equal(1, stream.SubscriberCount(organization));

        await circuit.OnConnectionDownAsync(null!, CancellationToken.None);
        await Within(TimeSpan.FromSeconds(1), () => stream.SubscriberCount(organization) == 0);
        stream.Publish(organization, [Event(1)]); // nobody on this circuit hears it

        await circuit.OnConnectionUpAsync(null!, CancellationToken.None);
        Assert.Equal(1, stream.SubscriberCount(organization));
        await Within(TimeSpan.FromSeconds(5), () => { lock (bursts) return bursts.Count == 1; });
        Assert.True(bursts[0].FellBehind); // what it missed is in the database, after its last id
        Assert.Empty(bursts[0].Events);
    }

    [Fact]
    public async Task A_disconnected_dashboards_tiles_stop_following_their_figures()
    {
        await using var ctx = InteractiveContext.For(database, organization);
        var stream = ctx.Services.GetRequiredService<ActivityStream>();
        var circuit = ctx.Services.GetRequiredService<LiveCircuit>();
        ctx.Render<MudPopoverProvider>();
        var tiles = ctx.Render<DashboardRangePanel>();
        tiles.WaitForAssertion(() => Assert.Equal("0", tiles.Find("#tile-calls .la-tile-value").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(1, stream.SubscriberCount(organization)); // the range's figures, for this one dashboard

        await circuit.OnConnectionDownAsync(null!, CancellationToken.None);

        await Within(TimeSpan.FromSeconds(1), () => stream.SubscriberCount(organization) == 0);
    }

    [Fact]
    public async Task The_feed_shows_what_was_recorded_while_its_browser_was_away_once_it_reconnects()
    {
        await using var ctx = InteractiveContext.For(database, organization);
        var circuit = ctx.Services.GetRequiredService<LiveCircuit>();
        ctx.Render<MudPopoverProvider>();
        var widget = ctx.Render<LeadActivityWidget>();
        widget.WaitForAssertion(() => Assert.Equal("false", widget.Find("#activity-feed").GetAttribute("aria-busy")), TimeSpan.FromSeconds(10));

        await circuit.OnConnectionDownAsync(null!, CancellationToken.None);
        long recorded;
        await using (var db = database.Context(organization))
        {
            var lead = new Lead { CampaignId = campaign, Name = "Ana", Phone = "+12125550147", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Leads.Add(lead);
            await db.SaveChangesAsync();
            var call = new Activity
            {
                LeadId = lead.Id, CampaignId = campaign, Kind = ActivityKind.Call, OccurredAt = DateTime.UtcNow,
                Direction = Domain.Activities.Direction.Outbound, Channel = Domain.Campaigns.Channel.Phone, CallOutcome = CallOutcome.Answered,
            };
            db.Activities.Add(call);
            await db.SaveChangesAsync();
            recorded = call.Id;
        }
        await circuit.OnConnectionUpAsync(null!, CancellationToken.None);

        widget.WaitForAssertion(() => Assert.Contains("Ana", widget.Find($"[data-activity-id='{recorded}']").TextContent), TimeSpan.FromSeconds(10));
    }

    private static async Task Within(TimeSpan limit, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {limit.TotalSeconds} s");
            await Task.Delay(10);
        }
    }

    private ActivityEvent Event(long id) => new(id, DateTime.UtcNow, ActivityKind.Call, 1, "Ana", campaign, "Spring", Domain.Activities.Direction.Outbound,
        Domain.Campaigns.Channel.Phone, CallOutcome.NoAnswer, null, 0, null, null, null);
}
