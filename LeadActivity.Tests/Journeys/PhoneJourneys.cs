using LeadActivity.Tests.Browser;
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
        Assert.Equal(["Name", "Status", "Channel", "Leads", "Last activity"], labels);
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
}
