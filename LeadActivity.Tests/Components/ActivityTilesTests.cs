using Bunit;
using LeadActivity.App.Components.Activity;
using LeadActivity.App.Components.Shared;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace LeadActivity.Tests.Components;

public sealed class ActivityTilesTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private int organization;

    // The figures are counted off the render thread (DashboardFigures): waits allow for a busy machine.
    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        organization = await database.AddOrganizationAsync("acme");
        var campaign = await database.AddCampaignAsync(organization);
        await using var db = database.Context(organization);
        var lead = new Lead { CampaignId = campaign.Id, Name = "Ada", Phone = "+4930123456", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Leads.Add(lead);
        await db.SaveChangesAsync();
        // 13:00 and 23:30 on Saturday in Berlin, then 00:10 on Sunday: all three on Saturday in UTC.
        foreach (var (hour, minute) in new[] { (12, 0), (22, 30), (23, 10) })
        {
            db.Activities.Add(new Activity
            {
                LeadId = lead.Id, CampaignId = campaign.Id, Kind = ActivityKind.Call, OccurredAt = new DateTime(2026, 12, 5, hour, minute, 0, DateTimeKind.Utc),
                Direction = Domain.Activities.Direction.Outbound, Channel = Domain.Campaigns.Channel.Phone, CallOutcome = CallOutcome.NoAnswer,
            });
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Calls_today_counts_from_midnight_in_the_browsers_time_zone_once_the_browser_says_it()
    {
        await using var ctx = InteractiveContext.For(database, organization, new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 23, 53, 0, TimeSpan.Zero)));
        ctx.Render<MudPopoverProvider>();
        var tiles = ctx.Render<ActivityTiles>();
        tiles.WaitForAssertion(() => Assert.Equal("3", tiles.Find("#tile-calls .la-tile-value").TextContent), TimeSpan.FromSeconds(10));

        await tiles.InvokeAsync(() => ctx.Services.GetRequiredService<UserClock>().Use("Europe/Berlin")); // 00:53 on Sunday there

        tiles.WaitForAssertion(() => Assert.Equal("1", tiles.Find("#tile-calls .la-tile-value").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_charts_labels_fall_on_the_half_hours_of_the_users_clock()
    {
        await using var ctx = InteractiveContext.For(database, organization, new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 23, 53, 0, TimeSpan.Zero)));
        ctx.Services.GetRequiredService<UserClock>().Use("Asia/Kathmandu"); // UTC+5:45: 05:38 there
        ctx.Render<MudPopoverProvider>();

        var tiles = ctx.Render<ActivityTiles>();

        tiles.WaitForAssertion(() =>
        {
            var labels = tiles.FindAll("#activity-chart text").Select(t => t.TextContent.Trim()).Where(t => t.Contains(':')).ToList();
            Assert.Equal(["04:00", "04:30", "05:00", "05:30"], labels);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_dashboard_left_open_starts_a_new_today_at_the_users_midnight()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 22, 50, 0, TimeSpan.Zero)); // 23:50 in Berlin
        await using var ctx = InteractiveContext.For(database, organization, clock);
        ctx.Services.GetRequiredService<UserClock>().Use("Europe/Berlin");
        ctx.Render<MudPopoverProvider>();
        var tiles = ctx.Render<ActivityTiles>();
        tiles.WaitForAssertion(() => Assert.Equal("3", tiles.Find("#tile-calls .la-tile-value").TextContent), TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromMinutes(15)); // 00:05 on Sunday in Berlin, and no event since

        tiles.WaitForAssertion(() => Assert.Equal("1", tiles.Find("#tile-calls .la-tile-value").TextContent), TimeSpan.FromSeconds(10));
    }
}
