using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LeadActivity.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// Every signed-in page, reached as a person reaches it, scanned by axe-core for WCAG 2.1 A and AA in the light and the
/// dark theme: no critical or serious violation anywhere.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityJourneys(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21aa"] },
    };

    [BrowserFact]
    public Task Every_page_passes_axe_in_the_light_theme() => EveryPagePassesAxeAsync(dark: false);

    [BrowserFact]
    public Task Every_page_passes_axe_in_the_dark_theme() => EveryPagePassesAxeAsync(dark: true);

    [BrowserFact]
    public Task Every_page_passes_axe_on_a_phone_in_the_light_theme() => EveryPagePassesAxeAsync(dark: false, phone: true);

    [BrowserFact]
    public Task Every_page_passes_axe_on_a_phone_in_the_dark_theme() => EveryPagePassesAxeAsync(dark: true, phone: true);

    private async Task EveryPagePassesAxeAsync(bool dark, bool phone = false)
    {
        var (leadId, callId) = await browser.AddLeadWithCallAsync("Ada Axe");
        await browser.AddConversationAsync(leadId); // message bubbles, both ways
        int campaignId;
        await using (var db = browser.App.Database.CreateContext(1))
            campaignId = await db.Leads.Where(l => l.Id == leadId).Select(l => l.CampaignId).SingleAsync();
        var page = await browser.NewPageAsync();
        if (phone)
            await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync("/");
        await ChooseThemeAsync(page, dark);
        var found = new StringBuilder();

        await ScanAsync(page, "home", found);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sam Rivera" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menu)).ToBeVisibleAsync();
        await ScanAsync(page, "home with the account menu open", found);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Menu)).ToHaveCountAsync(0);

        await page.OpenAsync("/leads");
        await Assertions.Expect(page.Locator(".la-lead-name").First).ToBeVisibleAsync();
        await ScanAsync(page, "leads", found);
        // Every status chosen: each filter chip drawn filled in its status colour.
        foreach (var status in new[] { "new", "contacted", "qualified", "callback", "not_interested", "unreachable", "do_not_call" })
        {
            var chip = page.Locator($"[data-status='{status}']");
            await chip.ClickAsync();
            await Assertions.Expect(chip).ToHaveAttributeAsync("aria-pressed", "true");
        }
        await ScanAsync(page, "leads, filtered by every status", found);
        await page.Locator("#toggle-more-filters").ClickAsync();
        await Assertions.Expect(page.Locator("#more-filters")).ToBeVisibleAsync();
        await ScanAsync(page, "leads with more filters open", found);

        await page.OpenAsync($"/leads/{leadId}");
        await Assertions.Expect(page.Locator("#lead-timeline .la-bubble-out")).ToBeVisibleAsync();
        await ScanAsync(page, "a lead", found);
        await page.Locator("#lead-status").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menu)).ToBeVisibleAsync();
        await ScanAsync(page, "a lead with its status menu open", found);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Menu)).ToHaveCountAsync(0);
        await page.Locator($"[data-activity-id='{callId}'] .la-call-link").ClickAsync();
        await Assertions.Expect(page.Locator("#call-panel")).ToBeVisibleAsync();
        await ScanAsync(page, "a lead with its call open", found);

        await page.OpenAsync("/campaigns");
        await ScanAsync(page, "campaigns", found);

        await page.OpenAsync($"/campaigns/{campaignId}");
        await ScanAsync(page, "a campaign: overview", found);
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Edit campaign");
        await ScanAsync(page, "a campaign: the Edit dialog", found);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        foreach (var tab in new[] { "Leads", "Fields", "Follow-ups" })
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            await page.WaitForAddressAsync($"/campaigns/{campaignId}/{tab.ToLowerInvariant()}");
            await ScanAsync(page, $"a campaign: {tab}", found);
        }

        await page.OpenAsync("/campaigns/new");
        await ScanAsync(page, "new campaign", found);

        await page.OpenAsync("/settings");
        await ScanAsync(page, "settings: members", found);
        await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
        await page.WaitForAddressAsync("/settings/api-keys");
        await ScanAsync(page, "settings: API keys", found);

        Assert.True(found.Length == 0, $"axe ({(dark ? "dark" : "light")} theme{(phone ? ", 390 px" : "")}) found:\n{found}");
    }

    /// <summary>Chooses the theme by its button, as a person does; the browser remembers it for the pages that follow.</summary>
    private static async Task ChooseThemeAsync(IPage page, bool dark)
    {
        var want = dark ? "Switch to light theme" : "Switch to dark theme";
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = dark ? "Switch to dark theme" : "Switch to light theme" });
        if (await toggle.CountAsync() > 0)
            await toggle.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = want })).ToBeVisibleAsync();
    }

    private static async Task ScanAsync(IPage page, string where, StringBuilder found)
    {
        // Scan what is on screen once MudBlazor's transitions (tab ink, drawer slide, popovers) have settled.
        await page.WaitForTimeoutAsync(400);
        var result = await page.RunAxe(Wcag21AA);
        foreach (var violation in result.Violations.Where(v => v.Impact is "critical" or "serious"))
        {
            found.AppendLine($"{where}: {violation.Id} ({violation.Impact}) — {violation.Help}");
            foreach (var node in violation.Nodes.Take(8))
                found.AppendLine($"    {node.Target}  {Shorten(node.Html)}  {Why(node)}");
            if (violation.Nodes.Length > 8)
                found.AppendLine($"    … and {violation.Nodes.Length - 8} more");
        }
    }

    // What axe measured, e.g. "Element has insufficient color contrast of 2.93 (foreground color: …)".
    private static string Why(AxeResultNode node) =>
        node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m)) ?? "";

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";
}
