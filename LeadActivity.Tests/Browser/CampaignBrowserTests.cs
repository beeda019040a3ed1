using Microsoft.Playwright;

namespace LeadActivity.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CampaignBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_new_campaign_opens_as_a_draft_and_a_field_added_to_it_stays_after_a_reload()
    {
        var name = $"Browser {Guid.NewGuid():N}"[..16];
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/campaigns");

        await page.ClickAsync("#new-campaign");
        await page.WaitForAddressAsync("/campaigns/new");
        await page.WaitForInteractiveAsync();
        await page.Locator("#campaign-name-input").FillAsync(name);
        await page.ClickAsync("#save-campaign");

        await Assertions.Expect(page.Locator("#campaign-name")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator("[data-campaign-status=Draft]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Fields" }).ClickAsync();
        await page.ClickAsync("#add-field");
        await page.Locator("#field-key").FillAsync("budget_eur");
        await page.Locator("#field-label").FillAsync("Budget (EUR)");
        await page.ClickAsync("#save-field");
        await Assertions.Expect(page.Locator("[data-field-key=budget_eur]")).ToContainTextAsync("Budget (EUR)");

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Fields" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field-key=budget_eur]")).ToContainTextAsync("Budget (EUR)");
    }
}
