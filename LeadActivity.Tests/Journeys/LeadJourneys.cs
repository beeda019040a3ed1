using System.Text.RegularExpressions;
using LeadActivity.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// A person working one lead: finding it, changing its status, reading a call, cancelling its retry, writing a note —
/// only by mouse and keyboard, asserting only what is on screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LeadJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_person_changes_a_leads_status_with_the_mouse()
    {
        var (leadId, _) = await browser.AddLeadWithCallAsync("Mila Mouse");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");

        var qualified = page.GetByRole(AriaRole.Menuitem, new() { Name = "Qualified" });
        await page.Locator("#lead-status").ClickAsync();
        await Assertions.Expect(qualified).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape"); // not yet
        await Assertions.Expect(qualified).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Status: Contacted" })).ToBeFocusedAsync();

        await page.Locator("#lead-status").ClickAsync();
        await qualified.ClickAsync();

        await Assertions.Expect(page.Locator("#lead-status")).ToContainTextAsync("Qualified");
        await Assertions.Expect(page.Locator("#lead-timeline")).ToContainTextAsync("Status Contacted → Qualified");
        await Assertions.Expect(page.GetByRole(AriaRole.Menu)).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task A_person_changes_a_leads_status_with_the_keyboard()
    {
        var (leadId, _) = await browser.AddLeadWithCallAsync("Kiko Keys");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");

        // A click on the name puts the keyboard's starting point there; the status control is the next stop.
        await page.Locator("#lead-name").ClickAsync();
        await page.Keyboard.PressAsync("Tab");
        var status = page.GetByRole(AriaRole.Button, new() { Name = "Status: Contacted" });
        await Assertions.Expect(status).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var callback = page.GetByRole(AriaRole.Menuitem, new() { Name = "Callback" });
        var first = page.GetByRole(AriaRole.Menuitem, new() { Name = "New" });
        await Assertions.Expect(first).ToBeFocusedAsync(); // the keyboard moves into the menu

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(callback).ToBeHiddenAsync();
        await Assertions.Expect(status).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(first).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown"); // Qualified
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(callback).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#lead-status")).ToContainTextAsync("Callback");
        await Assertions.Expect(page.Locator("#lead-timeline")).ToContainTextAsync("Status Contacted → Callback");
    }

    [BrowserFact]
    public async Task A_person_opens_a_call_clicks_a_turn_to_hear_it_and_closes_the_call_with_Escape()
    {
        var (leadId, callId) = await browser.AddLeadWithCallAsync("Cato Call");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");

        await page.Locator($"[data-activity-id='{callId}'] .la-call-link").ClickAsync();
        await Assertions.Expect(page.Locator("#call-panel")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#call-recording').readyState >= 1");
        await page.Locator("#call-transcript .la-turn").Nth(1).ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#call-recording').currentTime >= 4.5");

        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(page.Locator("#call-panel")).ToBeHiddenAsync();
        await page.WaitForAddressAsync($"/leads/{leadId}", absent: "/calls/");
    }

    [BrowserFact]
    public async Task A_person_reopens_a_call_from_the_keyboard_and_closes_it_with_Escape()
    {
        var (leadId, callId) = await browser.AddLeadWithCallAsync("Kai Keyboard");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");
        var link = page.Locator($"[data-activity-id='{callId}'] .la-call-link");

        await link.ClickAsync();
        await Assertions.Expect(page.Locator("#call-panel")).ToBeFocusedAsync(); // the keyboard moves into the panel
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#call-panel")).ToBeHiddenAsync();

        await Assertions.Expect(link).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#call-panel")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#call-panel")).ToBeHiddenAsync();
    }

    [BrowserFact]
    public async Task A_WhatsApp_conversation_reads_top_to_bottom_with_the_agents_messages_on_the_right()
    {
        var (leadId, _) = await browser.AddLeadWithCallAsync("Wren Whatsapp");
        await browser.AddConversationAsync(leadId);
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");

        var thread = page.GetByRole(AriaRole.List, new() { Name = "WhatsApp conversation, 2 messages" });
        await Assertions.Expect(thread.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(
            [new Regex("^Hi! Is now a good time"), new Regex("^Tomorrow morning, please\\.")]);
        var box = (await thread.BoundingBoxAsync())!;
        var sent = (await thread.Locator(".la-bubble").Nth(0).BoundingBoxAsync())!;
        var received = (await thread.Locator(".la-bubble").Nth(1).BoundingBoxAsync())!;
        Assert.True(Math.Abs(sent.X + sent.Width - (box.X + box.Width)) < 2, "The agent's message is not on the right.");
        Assert.True(Math.Abs(received.X - box.X) < 2, "The lead's reply is not on the left.");
        Assert.True(sent.Y < received.Y, "The older message is not above the newer one.");
    }

    [BrowserFact]
    public async Task A_person_cancels_the_next_retry_and_writes_a_note()
    {
        var (leadId, _) = await browser.AddLeadWithCallAsync("Nora Notes");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads/{leadId}");

        await page.Locator("#cancel-follow-up").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm.Locator(":focus")).ToHaveCountAsync(1); // the keyboard moves into the dialog
        await page.Keyboard.PressAsync("Escape"); // changed their mind
        await Assertions.Expect(confirm).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#cancel-follow-up")).ToBeVisibleAsync();

        await page.Locator("#cancel-follow-up").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel follow-up" }).ClickAsync();
        await Assertions.Expect(page.Locator("#no-follow-up")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#lead-timeline")).ToContainTextAsync("Follow-up cancelled");

        await page.Locator("#new-note").ClickAsync();
        await page.Keyboard.TypeAsync("Prefers mornings.");
        await page.Locator("#add-note").ClickAsync();
        await Assertions.Expect(page.Locator("#lead-notes .la-note-text")).ToHaveTextAsync("Prefers mornings.");
        await Assertions.Expect(page.Locator("#lead-timeline")).ToContainTextAsync("Prefers mornings.");
    }

    [BrowserFact]
    public async Task A_person_finds_a_lead_by_typing_its_phone_number_the_local_way_and_opens_it()
    {
        await using var db = browser.App.Database.CreateContext(1);
        var lead = await db.Leads.Where(l => l.Phone!.StartsWith("+1")).OrderBy(l => l.Id).FirstAsync(); // a demo lead, in the search index
        var local = $"({lead.Phone![2..5]}) {lead.Phone[5..8]}-{lead.Phone[8..]}";
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/leads");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Search" }).ClickAsync();
        await page.Keyboard.TypeAsync(local);

        var row = page.Locator(".la-lead-name", new() { HasText = lead.Name });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".la-lead-name")).ToHaveCountAsync(1);
        await row.ClickAsync();
        await page.WaitForAddressAsync($"/leads/{lead.Id}");
        await Assertions.Expect(page.Locator("#lead-name")).ToHaveTextAsync(lead.Name);
        await Assertions.Expect(page.Locator("#lead-phone")).ToContainTextAsync(new Regex(@"^\+1 "));
    }

    [BrowserFact]
    public async Task A_long_unbroken_name_stays_in_its_card_and_a_value_on_two_lines_shows_on_two_lines()
    {
        var name = "Maximiliana" + new string('x', 80) + "@example.com";
        var (leadId, _) = await browser.AddLeadWithCallAsync("Long Name");
        await using (var db = browser.App.Database.CreateContext(1))
        {
            var lead = await db.Leads.FindAsync(leadId);
            lead!.Name = name;
            lead.Fields = new Dictionary<string, string>(lead.Fields) { ["city"] = "New\nYork" };
            await db.SaveChangesAsync();
        }
        var page = await browser.NewPageAsync();
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.OpenAsync($"/leads/{leadId}");
            await Assertions.Expect(page.Locator("#lead-name")).ToHaveTextAsync(name);

            var overflow = await page.Locator("#lead-identity").EvaluateAsync<int>("card => card.scrollWidth - card.clientWidth");
            Assert.True(overflow <= 0, $"At {width} px the identity card is {overflow} px wider than itself.");
            await page.Locator(".la-call-link").First.ClickAsync();
            await Assertions.Expect(page.Locator("#call-panel")).ToBeFocusedAsync();
            overflow = await page.Locator("#call-panel").EvaluateAsync<int>("panel => panel.scrollWidth - panel.clientWidth");
            Assert.True(overflow <= 0, $"At {width} px the call panel is {overflow} px wider than itself.");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.Locator("#call-panel")).ToBeHiddenAsync();
            var city = page.Locator("textarea[data-field='city']");
            await Assertions.Expect(city).ToHaveValueAsync("New\nYork");
        }
    }
}
