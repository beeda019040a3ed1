using LeadActivity.Tests.Browser;
using Microsoft.Playwright;
namespace LeadActivity.Tests.Journeys;
[Collection(BrowserCollection.Name)]
public sealed class ScratchShots(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Shots()
    {
        var (leadId, callId) = await browser.AddLeadWithCallAsync("Maximiliana" + new string('x', 60) + "@example.com");
        var campaignId = await browser.App.AddCampaignAsync("Shots");
        foreach (var theme in new[] { "light", "dark" })
        foreach (var (w, h) in new[] { (1280, 900), (390, 844) })
        {
            var page = await browser.NewPageAsync();
            await page.Context.AddCookiesAsync([new Cookie { Name = "la-theme", Value = theme, Url = browser.BaseAddress.ToString() }]);
            await page.SetViewportSizeAsync(w, h);
            foreach (var (name, path) in new[] { ("home", "/"), ("lead", $"/leads/{leadId}"), ("call", $"/leads/{leadId}/calls/{callId}"), ("campaign", $"/campaigns/{campaignId}") })
            {
                await page.OpenAsync(path);
                await page.WaitForTimeoutAsync(700);
                await page.ScreenshotAsync(new() { Path = $"/tmp/scratch/{name}-{theme}-{w}.png" });
            }
            await page.OpenAsync($"/leads/{leadId}");
            await page.Locator("#lead-status").ClickAsync();
            await page.WaitForTimeoutAsync(400);
            await page.ScreenshotAsync(new() { Path = $"/tmp/scratch/statusmenu-{theme}-{w}.png" });
            await page.Keyboard.PressAsync("Escape");
            await page.Locator("#member-menu .mud-menu-activator").ClickAsync();
            await page.WaitForTimeoutAsync(400);
            await page.ScreenshotAsync(new() { Path = $"/tmp/scratch/accountmenu-{theme}-{w}.png" });
            await page.Context.CloseAsync();
        }
    }
}
