using LeadActivity.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>A person on a phone (390 × 844): what the screen shows is labelled and fits.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task On_a_phone_each_campaign_card_labels_its_values()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync("/campaigns");

        var spring = page.Locator("#campaigns-table tbody tr", new() { HasText = "Spring renewals" });
        await Assertions.Expect(spring).ToBeVisibleAsync();
        // The table's phone layout draws each cell's label before its value (CSS generated text).
        var labels = await spring.Locator("td").EvaluateAllAsync<string[]>(
            "cells => cells.map(c => getComputedStyle(c, '::before').content.replace(/^\"|\"$/g, ''))");
        Assert.Equal(["Name", "Status", "Channel", "Leads", "Progress", "Last activity"], labels);
    }

    [BrowserFact]
    public async Task On_a_phone_the_account_button_fits_the_app_bar_on_one_line()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync("/");

        var account = page.GetByRole(AriaRole.Button, new() { Name = "Sam Rivera" });
        await Assertions.Expect(account).ToBeVisibleAsync();
        var box = await account.BoundingBoxAsync();
        Assert.True(box!.Height <= 40, $"The account button is {box.Height} px tall: the name wraps.");
        var appBar = await page.Locator(".mud-appbar .mud-toolbar").BoundingBoxAsync();
        Assert.True(box.X + box.Width <= appBar!.X + appBar.Width, "The account button runs past the app bar.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeInViewportAsync();
    }

    [BrowserFact]
    public async Task On_a_phone_a_leads_card_keeps_its_name_on_one_line_and_fits_the_screen()
    {
        var (leadId, _) = await browser.AddLeadWithCallAsync("Quinn Cardwell");
        await using (var db = browser.App.Database.CreateContext(1))
        {
            var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
            lead.Email = "quinn.cardwell@backereibrotholdingsgmbh.example";
            await db.SaveChangesAsync();
        }
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync("/leads?q=Quinn%20Cardwell");

        var name = page.Locator("#leads-grid .la-lead-name", new() { HasText = "Quinn Cardwell" });
        await Assertions.Expect(name).ToBeVisibleAsync();
        var box = (await name.BoundingBoxAsync())!;
        Assert.True(box.Height < 30, $"The name is {box.Height} px tall: it wraps.");
        await Assertions.Expect(page.Locator("#leads-grid").GetByText("quinn.cardwell@backereibrotholdingsgmbh.example")).ToBeVisibleAsync();
        var overflow = await page.Locator("#leads-grid td").EvaluateAllAsync<double>("cells => Math.max(...cells.map(c => c.getBoundingClientRect().right))");
        Assert.True(overflow <= 390, $"A card's cell ends at {overflow} px, past the 390 px screen.");
    }

    [BrowserFact]
    public async Task On_a_phone_a_leads_activity_comes_right_after_who_the_lead_is()
    {
        var (leadId, _) = await browser.AddLeadWithCallAsync("Tia Timeline");
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync($"/leads/{leadId}");

        var identity = (await page.Locator("#lead-identity").BoundingBoxAsync())!;
        var timeline = (await page.Locator("#lead-timeline").BoundingBoxAsync())!;
        var fields = (await page.GetByRole(AriaRole.Heading, new() { Name = "Fields" }).BoundingBoxAsync())!;
        Assert.True(identity.Y < timeline.Y && timeline.Y < fields.Y, "On a phone the activity should follow the identity card, before the fields.");

        // On a wide screen the activity sits beside the cards again.
        await page.SetViewportSizeAsync(1440, 900);
        timeline = (await page.Locator("#lead-timeline").BoundingBoxAsync())!;
        identity = (await page.Locator("#lead-identity").BoundingBoxAsync())!;
        Assert.True(timeline.X > identity.X + identity.Width, "On a wide screen the activity should be to the right of the cards.");
        Assert.True(Math.Abs(timeline.Y - identity.Y) < 2, "On a wide screen the activity should start level with the identity card.");
    }

    [BrowserTheory]
    [InlineData("fields", "#fields-table", new[] { "Key", "Label", "Type", "Required" })]
    [InlineData("follow-ups", "#follow-up-rules", new[] { "After", "Retry" })]
    public async Task On_a_phone_a_campaigns_settings_tables_read_as_labelled_cards_without_scrolling_sideways(string tab, string table, string[] labels)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await using (var db = browser.App.Database.CreateContext(1))
        {
            var campaignId = await db.Campaigns.Where(c => c.Name == "Spring renewals").Select(c => c.Id).SingleAsync();
            await page.OpenAsync($"/campaigns/{campaignId}/{tab}");
        }

        var firstRow = page.Locator($"{table} tbody tr").First;
        await Assertions.Expect(firstRow).ToBeVisibleAsync();
        var shown = await firstRow.Locator("td").EvaluateAllAsync<string[]>(
            "cells => cells.filter(c => c.offsetParent).map(c => getComputedStyle(c, '::before').content.replace(/^\"|\"$/g, ''))");
        Assert.Equal(labels, shown.Take(labels.Length));
        var widths = await page.Locator($"{table} .mud-table-container").EvaluateAsync<int[]>("c => [c.scrollWidth, c.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"The table scrolls sideways: {widths[0]} px of content in {widths[1]} px.");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The page scrolls sideways.");
    }
}
