using Bunit;
using LeadActivity.App.Components.Leads;
using LeadActivity.App.Components.Shared;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class FollowUpCardTests
{
    [Fact]
    public async Task A_retry_due_outside_calling_hours_says_when_it_will_actually_go_in_both_zones()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddScoped<UserClock>();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.GetRequiredService<UserClock>().Use("Europe/Berlin");
        ctx.Render<MudPopoverProvider>();
        // Sunday 03:30 in Los Angeles, going Monday 09:00 there (18:00 in Berlin).
        var next = new FollowUpView(7, new DateTime(2026, 11, 29, 11, 30, 0, DateTimeKind.Utc), 2, 3, Channel.Phone, CallOutcome.NoAnswer,
            FollowUpState.Scheduled, null, null, "after no answer") { WaitsUntil = new DateTime(2026, 11, 30, 17, 0, 0, DateTimeKind.Utc) };
        var lead = new LeadDetail(1, "Ana", "+14155550132", null, null, LeadStatus.Contacted, 1, "Spring", [], new Dictionary<string, string>(),
            DateTime.UtcNow, null, "US", "America/Los_Angeles", next, []);

        var card = ctx.Render<FollowUpCard>(p => p.Add(c => c.Lead, lead));

        Assert.Contains("Sun 03:30 the lead's time", card.Find("#next-follow-up").TextContent);
        var waits = card.Find("#follow-up-waits").TextContent;
        Assert.Contains("outside the campaign's calling hours", waits);
        Assert.Contains("Mon 09:00 the lead's time", waits);
        Assert.Contains("Mon 30 Nov 18:00 your time", waits);
    }
}
