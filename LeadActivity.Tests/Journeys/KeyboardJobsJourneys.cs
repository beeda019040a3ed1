using System.Text;
using LeadActivity.Tests.Browser;
using LeadActivity.Tests.Import;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// Every job a person does, by keyboard alone: Tab, Enter, Space, arrows, Escape and typing — no mouse, no forced
/// focus. Only the starting page is opened by address; everything after is keys.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardJobsJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task By_keyboard_a_person_finds_a_lead_plays_a_call_turn_cancels_the_retry_changes_its_status_and_adds_a_note()
    {
        var (leadId, _) = await browser.AddLeadWithCallAsync("Kit Keyboardson");
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/leads");

        // Find: the search box, a name typed, the lead's link, Enter.
        await page.TabToAsync(page.Locator("#lead-search"), orBackward: true);
        await page.Keyboard.TypeAsync("Kit Keyboardson");
        var link = page.Locator("#leads-grid .la-lead-name", new() { HasText = "Kit Keyboardson" });
        await Assertions.Expect(link).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#leads-grid .la-lead-name")).ToHaveCountAsync(1);
        await page.TabToAsync(link, orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForAddressAsync($"/leads/{leadId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kit Keyboardson", Level = 1 })).ToBeFocusedAsync();

        // Play a call turn: the call's link, Enter, Tab to the second turn, Enter; the recording moves there.
        await page.TabToAsync(page.Locator("#lead-timeline .la-call-link"), orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#call-panel")).ToBeFocusedAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#call-recording').readyState >= 1");
        await page.TabToAsync(page.Locator("#call-transcript .la-turn").Nth(1), orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelector('#call-recording').currentTime >= 4.5");
        await Assertions.Expect(page.Locator("#call-transcript .la-turn").Nth(1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("la-turn-current"));
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#call-panel")).ToBeHiddenAsync();

        // Cancel the retry: its button, Enter, the confirmation's button, Enter.
        await page.TabToAsync(page.Locator("#cancel-follow-up"), orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        var confirm = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel follow-up" });
        await page.TabToAsync(confirm, orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#no-follow-up")).ToBeVisibleAsync();

        // Change status (after the retry: a qualified lead's retries end by themselves): the status button, Enter, arrows to Qualified, Enter.
        var status = page.GetByRole(AriaRole.Button, new() { Name = "Status: Contacted" });
        await page.TabToAsync(status, orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "New" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Qualified" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#lead-status")).ToContainTextAsync("Qualified");
        await Assertions.Expect(page.Locator("#lead-timeline")).ToContainTextAsync("Status Contacted → Qualified");

        // Add a note: the note box, typing, Tab to Add note, Enter.
        await page.TabToAsync(page.Locator("#new-note"), orBackward: true);
        await page.Keyboard.TypeAsync("Called back by keyboard.");
        await page.TabToAsync(page.Locator("#add-note"), orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#lead-notes .la-note-text")).ToHaveTextAsync("Called back by keyboard.");
    }

    [BrowserFact]
    public async Task By_keyboard_a_person_imports_a_spreadsheet_into_a_draft_campaign_and_launches_it()
    {
        var campaignId = await browser.App.AddCampaignAsync("Keyboard launch");
        var file = Path.Combine(Path.GetTempPath(), $"keyboard-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, SpreadsheetFiles.Write("excel-csv-utf8").Bytes);
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/campaigns/{campaignId}/leads");

        // Import: “Choose a file” by Enter opens the file chooser; then the preview's Import button by Enter.
        await page.TabToAsync(page.Locator("#import-choose"), orBackward: true);
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Enter"));
        await chooser.SetFilesAsync(file);
        await Assertions.Expect(page.Locator("#count-new .la-count-value")).ToHaveTextAsync(SpreadsheetFiles.Leads.Length.ToString(), new() { Timeout = 30_000 });
        await page.TabToAsync(page.Locator("#import-commit"), orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#import-report-counts")).ToHaveTextAsync(
            $"{SpreadsheetFiles.Leads.Length} created · 0 updated · 0 skipped · 0 rejected", new() { Timeout = 60_000 });

        // Launch: the Launch button, Enter, the confirmation's Launch button, Enter.
        await page.TabToAsync(page.Locator("#launch-campaign"), orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#launch-question")).ToContainTextAsync($"Launch and contact {SpreadsheetFiles.Leads.Length} leads");
        await page.TabToAsync(page.Locator("#launch-confirm"), orBackward: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-campaign-status]")).ToHaveTextAsync("Active");
    }
}
