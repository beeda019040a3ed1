using LeadActivity.Tests.Browser;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// A person on the keyboard alone: past the app bar and navigation in one key, the keyboard at the page's heading after
/// moving to another page, and a visible mark on the link the keyboard is at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task The_first_Tab_shows_Skip_to_content_and_Enter_takes_the_keyboard_to_the_page()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/leads");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToBeInViewportAsync();

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leads", Level = 1 })).ToBeFocusedAsync();
        await Assertions.Expect(skip).Not.ToBeInViewportAsync();

        await page.Keyboard.PressAsync("Tab"); // the next stop is on the page, not in the app bar or the navigation
        await Assertions.Expect(page.Locator("#main-content :focus")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".mud-appbar :focus, .mud-drawer :focus")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task After_moving_to_another_page_the_keyboard_starts_at_its_heading()
    {
        var (leadId, callId) = await browser.AddLeadWithCallAsync("Hana Heading");
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/");

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Campaigns" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Campaigns", Level = 1 })).ToBeFocusedAsync();

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Leads" }).ClickAsync();
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Leads", Level = 1 });
        await Assertions.Expect(heading).ToBeFocusedAsync();

        // By keyboard alone, from the list into a lead: the lead page loads its data, then its heading has the keyboard.
        await page.OpenAsync("/leads?q=Hana%20Heading");
        await page.TabToAsync(page.Locator("#leads-grid .la-lead-name", new() { HasText = "Hana Heading" }));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForAddressAsync($"/leads/{leadId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hana Heading", Level = 1 })).ToBeFocusedAsync();

        // Opening a call stays on the page: the keyboard goes into the call, not back to the heading.
        await page.Locator($"[data-activity-id='{callId}'] .la-call-link").ClickAsync();
        await Assertions.Expect(page.Locator("#call-panel")).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task Lead_names_and_call_links_show_a_focus_ring_when_the_keyboard_reaches_them()
    {
        var (leadId, callId) = await browser.AddLeadWithCallAsync("Ravi Ring");
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/leads?q=Ravi%20Ring");
        var name = page.Locator("#leads-grid .la-lead-name", new() { HasText = "Ravi Ring" });
        await Assertions.Expect(name).ToBeVisibleAsync();
        await page.TabToAsync(name);
        await AssertRingAsync(name);

        await page.OpenAsync($"/leads/{leadId}");
        var call = page.Locator($"[data-activity-id='{callId}'] .la-call-link");
        await Assertions.Expect(call).ToBeVisibleAsync();
        await page.TabToAsync(call);
        await AssertRingAsync(call);
    }

    /// <summary>The focused link is outlined as drawn: a solid line at least 2 px wide, in a colour other than nothing.</summary>
    private static async Task AssertRingAsync(ILocator link)
    {
        var ring = await link.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`; }");
        var parts = ring.Split(' ', 3);
        Assert.True(parts[0] is not "none" && double.Parse(parts[1].TrimEnd('p', 'x'), System.Globalization.CultureInfo.InvariantCulture) >= 2
                    && !parts[2].Contains("rgba(0, 0, 0, 0)"), $"The focused link shows no ring (outline: {ring}).");
    }
}
