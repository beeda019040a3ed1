using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Import.Sources;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LeadSourceBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_provider_is_connected_from_the_campaign_page_tested_pulled_and_its_leads_found()
    {
        await using var provider = await FakeLeadProvider.StartAsync();
        provider.Contacts.AddRange(Enumerable.Range(0, 130).Select(i => new Dictionary<string, object?>
        {
            ["mobile"] = $"+44 20 7946 {i:D4}", ["name"] = $"Pemberton {i}", ["company"] = "Harbourside",
        }));
        var campaignId = await browser.App.AddCampaignAsync("Pulled", region: "GB");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/campaigns/{campaignId}/leads");

        await page.ClickAsync("#connect-source");
        await page.Locator("#source-name").FillAsync("Leadsforce UK");
        await page.Locator("#source-url").FillAsync(provider.Url("/contacts"));
        await page.Locator("#source-secret").FillAsync(FakeLeadProvider.Key);
        await page.ClickAsync("#source-save");
        await Assertions.Expect(page.Locator(".la-lead-source")).ToContainTextAsync("Leadsforce UK");
        await Assertions.Expect(page.Locator(".la-lead-source")).ToContainTextAsync("key …3456");

        // The provider says "mobile": the first test shows no phone column, then the mapping fixes it.
        await page.ClickAsync(".la-source-test");
        await Assertions.Expect(page.Locator("#source-test-summary")).ToContainTextAsync("First page: 100 contacts");
        await Assertions.Expect(page.Locator("#source-test")).ToContainTextAsync("phone");
        await page.GetByLabel("Column for mobile").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^phone$") }).ClickAsync();
        await page.ClickAsync("#source-save-mapping");
        await Assertions.Expect(page.Locator("#source-test-summary")).ToContainTextAsync("100 new");

        await page.ClickAsync(".la-source-pull");
        await Assertions.Expect(page.Locator("#import-report")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#import-report-counts")).ToHaveTextAsync("130 created · 0 updated · 0 skipped · 0 rejected");
        await Assertions.Expect(page.Locator("#import-history")).ToContainTextAsync("Pull from Leadsforce UK");

        await page.OpenAsync($"/leads?campaign={campaignId}&q=Pemberton 12");
        await Assertions.Expect(page.GetByText("Pemberton 12", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#leads-range")).ToContainTextAsync("of 11"); // Pemberton 12 and 120–129
    }
}
