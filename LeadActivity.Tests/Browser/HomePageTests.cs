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
}
