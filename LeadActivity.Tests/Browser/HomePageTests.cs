using Microsoft.Playwright;

namespace LeadActivity.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Toggling_the_theme_changes_the_page_and_is_remembered_after_a_reload()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/");
        await page.Locator("#activity-feed [data-activity-id]").First.WaitForAsync();
        var light = await BackgroundAsync();

        await page.ClickAsync("#theme-toggle");
        await page.WaitForFunctionAsync("before => getComputedStyle(document.body).backgroundColor !== before", light);
        var dark = await BackgroundAsync();
        Assert.NotEqual(light, dark);

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        Assert.Equal(dark, await BackgroundAsync());
        Assert.Equal("Switch to light theme", await page.GetAttributeAsync("#theme-toggle", "aria-label"));

        Task<string> BackgroundAsync() => page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
    }

    [BrowserFact]
    public async Task The_feeds_campaign_choice_is_kept_in_the_address_and_survives_a_reload()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/");
        await page.Locator("#activity-feed [data-activity-id]").First.WaitForAsync();

        // The campaign menu, as a person opens it: a click on the field, then the campaign's name.
        await page.Locator("#lead-activity .mud-input-control.mud-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "WhatsApp reactivation" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"[?&]campaign=\d+"));
        var rows = page.Locator("#activity-feed article");
        await Assertions.Expect(rows.First).ToContainTextAsync("WhatsApp reactivation");
        Assert.All(await rows.AllInnerTextsAsync(), row => Assert.Contains("WhatsApp reactivation", row));

        // A reload — or a reconnect to another app server, which reloads — keeps the choice.
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(rows.First).ToContainTextAsync("WhatsApp reactivation");
        Assert.All(await rows.AllInnerTextsAsync(), row => Assert.Contains("WhatsApp reactivation", row));
        await Assertions.Expect(page.Locator("#lead-activity .mud-input-control.mud-select")).ToContainTextAsync("WhatsApp reactivation");
    }
}
