using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LeadActivity.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LeadDetailBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Script = "<img src=x onerror=alert(1)>";

    [BrowserFact]
    public async Task From_the_leads_page_a_call_opens_and_clicking_a_turn_seeks_the_recording()
    {
        var (leadId, callId) = await AddLeadWithCallAsync("Zara Quinn");
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/leads?q=zara%20quinn");
        await page.Locator(".la-lead-name", new() { HasText = "Zara Quinn" }).ClickAsync();
        await page.WaitForAddressAsync($"/leads/{leadId}");
        await page.WaitForInteractiveAsync();

        await page.Locator($"[data-activity-id='{callId}'] .la-call-link").ClickAsync();
        await page.WaitForAddressAsync($"/leads/{leadId}/calls/{callId}");
        await Assertions.Expect(page.Locator("#call-transcript .la-turn")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#call-panel")).ToContainTextAsync("Call with Zara Quinn");
        await Assertions.Expect(page.Locator("#call-transcript .la-turn-speaker").Nth(1)).ToHaveTextAsync("Zara Quinn");
        await page.WaitForFunctionAsync("() => document.querySelector('#call-recording').readyState >= 1");

        await page.Locator("#call-transcript .la-turn").Nth(2).ClickAsync();

        await page.WaitForFunctionAsync("() => document.querySelector('#call-recording').currentTime >= 9.5");
        await Assertions.Expect(page.Locator("#call-transcript .la-turn").Nth(2)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("la-turn-current"));
        Assert.Contains("Budget around 10k", await page.Locator("#call-summary").TextContentAsync());
        await Assertions.Expect(page.Locator("#call-extracted")).ToContainTextAsync("callback_day");
    }

    /// <summary>
    /// A call at the API's limits (500 turns of 4,000 characters) opens, and a late turn, scrolled to in the transcript,
    /// seeks the recording and is highlighted. How long the transcript took to show is written to the test's output,
    /// not asserted.
    /// </summary>
    [BrowserFact]
    public async Task A_call_at_the_transcript_limits_opens_and_a_late_turn_seeks_the_recording()
    {
        var (leadId, callId, offsets) = await browser.AddLeadWithLongCallAsync("Wen Long");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");

        var opening = System.Diagnostics.Stopwatch.StartNew();
        await page.Locator($"[data-activity-id='{callId}'] .la-call-link").ClickAsync();
        await Assertions.Expect(page.Locator("#call-transcript .la-turn-text").First).ToContainTextAsync("Turn 0:", new() { Timeout = 60_000 });
        output.WriteLine($"The transcript showed {opening.ElapsedMilliseconds} ms after the click");
        // Only the turns in and near the view are in the page: 2 million characters laid out at once is what made it slow.
        Assert.InRange(await page.Locator("#call-transcript .la-turn").CountAsync(), 1, 100);
        await page.WaitForFunctionAsync("() => document.querySelector('#call-recording').readyState >= 1");

        var late = page.Locator("#call-transcript .la-turn", new() { HasText = "Turn 497:" });
        await page.Locator("#call-transcript").HoverAsync();
        for (var i = 0; i < 400 && await late.CountAsync() == 0; i++)
            await page.Mouse.WheelAsync(0, 4_000);
        await late.ClickAsync();

        await page.WaitForFunctionAsync("offset => Math.abs(document.querySelector('#call-recording').currentTime - offset) < 0.5", offsets[497]);
        await Assertions.Expect(late).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("la-turn-current"));
        await Assertions.Expect(page.Locator("#call-transcript .la-turn-current")).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task A_cancelled_follow_up_stays_cancelled_and_a_note_stays_after_a_reload()
    {
        var (leadId, _) = await AddLeadWithCallAsync("Yusuf Okafor");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");

        await page.ClickAsync("#cancel-follow-up");
        await page.Locator(".mud-dialog button", new() { HasText = "Cancel follow-up" }).ClickAsync();
        await Assertions.Expect(page.Locator("#no-follow-up")).ToBeVisibleAsync();

        await page.Locator("#new-note").FillAsync("Prefers mornings.\nAsk for Dana.");
        await page.ClickAsync("#add-note");
        await Assertions.Expect(page.Locator("#lead-notes .la-note-text")).ToHaveTextAsync("Prefers mornings.\nAsk for Dana.");

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("#no-follow-up")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#lead-notes .la-note-text")).ToHaveTextAsync("Prefers mornings.\nAsk for Dana.");
        await Assertions.Expect(page.Locator("#lead-timeline [data-kind='FollowUpCancelled']")).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task Markup_from_leads_transcripts_extracted_data_and_notes_renders_as_text()
    {
        var (leadId, callId) = await AddLeadWithCallAsync(Script, hostile: true);
        var page = await browser.NewPageAsync();
        var alerts = 0;
        page.Dialog += (_, dialog) => { alerts++; _ = dialog.DismissAsync(); };

        await page.OpenAsync($"/leads/{leadId}/calls/{callId}");
        await Assertions.Expect(page.Locator("#call-transcript .la-turn-text").First).ToHaveTextAsync(Script);
        await Assertions.Expect(page.Locator("#lead-name")).ToHaveTextAsync(Script);
        await Assertions.Expect(page.Locator("#lead-notes .la-note-text")).ToHaveTextAsync(Script);
        await Assertions.Expect(page.Locator("#call-extracted")).ToContainTextAsync(Script);

        Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
        Assert.Equal(0, alerts);
    }

    private Task<(int LeadId, long CallId)> AddLeadWithCallAsync(string name, bool hostile = false) =>
        browser.AddLeadWithCallAsync(name, hostile ? Script : null);
}
