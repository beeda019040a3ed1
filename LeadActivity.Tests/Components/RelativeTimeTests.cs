using Bunit;
using LeadActivity.App.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Tests.Components;

public sealed class RelativeTimeTests
{
    [Fact]
    public async Task An_old_date_is_the_day_in_the_readers_time_zone_and_the_hover_text_their_time()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddScoped<UserClock>();
        ctx.Services.GetRequiredService<UserClock>().Use("Pacific/Kiritimati"); // UTC+14
        var value = new DateTime(2026, 10, 1, 23, 0, 0, DateTimeKind.Utc);

        var time = ctx.Render<RelativeTime>(p => p.Add(t => t.Value, value).Add(t => t.Now, new DateTime(2026, 12, 6, 1, 0, 0, DateTimeKind.Utc)));

        Assert.Equal("2 Oct 2026", time.Find("time").TextContent);
        Assert.Contains("13:00", time.Find("time").GetAttribute("title"));
    }

    [Fact]
    public async Task The_hover_text_follows_the_zone_the_browser_reports_after_the_first_render()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddScoped<UserClock>();
        var time = ctx.Render<RelativeTime>(p => p.Add(t => t.Value, new DateTime(2026, 12, 5, 23, 0, 0, DateTimeKind.Utc)));
        Assert.Contains("23:00", time.Find("time").GetAttribute("title"));

        await time.InvokeAsync(() => ctx.Services.GetRequiredService<UserClock>().Use("Europe/Berlin"));

        time.WaitForAssertion(() => Assert.Contains("00:00", time.Find("time").GetAttribute("title")));
    }

    [Fact]
    public async Task On_a_leads_timeline_the_hover_text_gives_the_leads_time_beside_the_readers()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddScoped<UserClock>();
        ctx.Services.GetRequiredService<UserClock>().Use("Europe/Berlin");

        var time = ctx.Render<RelativeTime>(p => p.Add(t => t.Value, new DateTime(2026, 12, 5, 23, 0, 0, DateTimeKind.Utc))
            .Add(t => t.LeadTimeZoneId, "America/Los_Angeles"));

        var title = time.Find("time").GetAttribute("title");
        Assert.Contains("00:00 your time", title);
        Assert.Contains("Sat 15:00 the lead's time", title);
    }
}
