using Bunit;
using LeadActivity.App.Components.Leads;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class LeadDetailComponentTests
{
    private const string Script = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task The_call_panel_shows_the_transcript_turns_with_their_times_and_the_extracted_data()
    {
        await using var ctx = NewContext();
        var call = Call([new("agent", "Hi, is this Ana?", 0.4), new("lead", "Yes, speaking.", 75.2)],
            new Dictionary<string, string> { ["budget"] = "10k", ["callback_day"] = "Friday" });

        var panel = ctx.Render<CallPanel>(p => p.Add(c => c.Call, call).Add(c => c.LeadName, "Ana"));

        var turns = panel.FindAll(".la-turn");
        Assert.Equal(2, turns.Count);
        Assert.Equal("75.2", turns[1].GetAttribute("data-offset"));
        Assert.Equal("1:15", turns[1].QuerySelector(".la-turn-time")!.TextContent);
        Assert.Equal("Ana", turns[1].QuerySelector(".la-turn-speaker")!.TextContent);
        Assert.Equal("Yes, speaking.", turns[1].QuerySelector(".la-turn-text")!.TextContent);
        var extracted = panel.FindAll("#call-extracted tr").Select(r => r.TextContent).ToList();
        Assert.Equal(["budget10k", "callback_dayFriday"], extracted);
        Assert.NotNull(panel.Find("audio#call-recording"));
    }

    [Fact]
    public async Task A_call_without_recording_or_transcript_says_so()
    {
        await using var ctx = NewContext();

        var panel = ctx.Render<CallPanel>(p => p.Add(c => c.Call, Call([], new Dictionary<string, string>()) with { RecordingUrl = null, Summary = null })
            .Add(c => c.LeadName, "Ana"));

        Assert.Contains("no recording", panel.Find("#no-recording").TextContent);
        Assert.Contains("no transcript", panel.Find("#no-transcript").TextContent);
        Assert.Contains("no data", panel.Find("#no-extracted").TextContent);
        Assert.Empty(panel.FindAll("audio"));
    }

    [Fact]
    public async Task Markup_in_transcripts_and_extracted_data_renders_as_text()
    {
        await using var ctx = NewContext();
        var call = Call([new("lead", Script, 1)], new Dictionary<string, string> { [Script] = Script }) with { Summary = Script };

        var panel = ctx.Render<CallPanel>(p => p.Add(c => c.Call, call).Add(c => c.LeadName, Script));

        Assert.Empty(panel.FindAll("img"));
        Assert.Equal(Script, panel.Find(".la-turn-text").TextContent);
        Assert.Equal(Script, panel.Find("#call-summary").TextContent);
        Assert.Contains(Script, panel.Find("#call-extracted").TextContent);
    }

    [Fact]
    public async Task The_cancel_button_shows_only_when_a_retry_is_scheduled()
    {
        await using var ctx = NewContext();
        var scheduled = new FollowUpView(7, DateTime.UtcNow.AddHours(3), 2, 3, Channel.Phone, CallOutcome.NoAnswer, FollowUpState.Scheduled, null, null, "after no answer");

        var without = ctx.Render<FollowUpCard>(p => p.Add(c => c.Lead, Lead(null)));
        var with = ctx.Render<FollowUpCard>(p => p.Add(c => c.Lead, Lead(scheduled)));

        Assert.Empty(without.FindAll("#cancel-follow-up"));
        Assert.NotNull(without.Find("#no-follow-up"));
        Assert.NotNull(with.Find("#cancel-follow-up"));
        Assert.Contains("attempt 2 of 3", with.Find("#next-follow-up").TextContent);
    }

    [Fact]
    public async Task The_next_retry_is_shown_in_the_users_time_and_in_the_leads_time()
    {
        await using var ctx = NewContext();
        ctx.Services.GetRequiredService<LeadActivity.App.Components.Shared.UserClock>().Use("Asia/Tokyo");
        var due = new DateTime(2026, 11, 27, 17, 0, 0, DateTimeKind.Utc);
        var scheduled = new FollowUpView(7, due, 2, 3, Channel.Phone, CallOutcome.NoAnswer, FollowUpState.Scheduled, null, null, "after no answer");

        var card = ctx.Render<FollowUpCard>(p => p.Add(c => c.Lead, Lead(scheduled)));

        var text = card.Find("#next-follow-up").TextContent;
        Assert.Contains("Sat 28 Nov 02:00 your time", text); // 17:00 UTC in Tokyo
        Assert.Contains("Fri 09:00 the lead's time", text); // and in Los Angeles, the lead's zone
    }

    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddScoped<LeadActivity.App.Components.Shared.UserClock>();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static CallDetail Call(IReadOnlyList<TranscriptTurn> transcript, IReadOnlyDictionary<string, string> extracted) =>
        new(1, 1, DateTime.UtcNow, LeadActivity.Domain.Activities.Direction.Outbound, CallOutcome.Answered, 80, "Interested.", transcript, "/recordings/demo/80s-1.wav", extracted, null, null);

    private static LeadDetail Lead(FollowUpView? next) =>
        new(1, "Ana", "+14155550132", null, null, LeadStatus.Contacted, 1, "Spring", [], new Dictionary<string, string>(), DateTime.UtcNow, null,
            "US", "America/Los_Angeles", next, []);
}
