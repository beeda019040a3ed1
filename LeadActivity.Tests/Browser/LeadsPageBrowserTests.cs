using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PhoneNumbers;

namespace LeadActivity.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LeadsPageBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Typing_a_phone_number_in_a_local_format_finds_its_lead()
    {
        var (name, phone) = await AnyUsLeadAsync();
        var local = PhoneNumberUtil.GetInstance().Format(PhoneNumberUtil.GetInstance().Parse(phone, null), PhoneNumberFormat.NATIONAL);
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/leads");
        await RowNamesAsync(page);

        await page.Locator("#lead-search").FillAsync(local);

        await page.WaitForAddressAsync("q=");
        await Assertions.Expect(page.Locator(".la-lead-name")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".la-lead-name")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator(".la-phone")).ToHaveTextAsync(PhoneNumberUtil.GetInstance().Format(PhoneNumberUtil.GetInstance().Parse(phone, null), PhoneNumberFormat.INTERNATIONAL));
    }

    [BrowserFact]
    public async Task Filters_survive_a_reload_and_the_back_button_steps_through_them()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/leads");
        await RowNamesAsync(page);

        await page.ClickAsync("[data-status=callback]");
        await page.WaitForAddressAsync("status=callback");
        await page.ClickAsync("[data-status=not_interested]");
        await page.WaitForAddressAsync("status=callback,not_interested");
        var twoStatuses = await RowNamesAsync(page);
        var twoStatusesRange = await page.Locator("#leads-range").TextContentAsync();

        await page.ClickAsync("#campaign-filter");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Spring renewals" }).ClickAsync();
        await page.WaitForAddressAsync("campaign=");
        var filtered = await RowNamesAsync(page);
        Assert.NotEmpty(filtered);
        Assert.NotEqual(twoStatusesRange, await page.Locator("#leads-range").TextContentAsync());

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        Assert.Equal(filtered, await RowNamesAsync(page));
        await Assertions.Expect(page.Locator("[data-status=callback]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("[data-status=not_interested]")).ToHaveAttributeAsync("aria-pressed", "true");

        await page.GoBackAsync();
        await page.WaitForAddressAsync("status=callback,not_interested", absent: "campaign=");
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync(twoStatusesRange!);
        Assert.Equal(twoStatuses, await RowNamesAsync(page));

        await page.GoBackAsync();
        await page.WaitForAddressAsync("status=callback", absent: "not_interested");
        await Assertions.Expect(page.Locator("[data-status=not_interested]")).ToHaveAttributeAsync("aria-pressed", "false");
    }

    [BrowserFact]
    public async Task A_malformed_query_string_shows_the_default_view_not_an_error()
    {
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync("/leads?status=unknown&page=-3&sort=drop%20table");
        await page.WaitForInteractiveAsync();

        Assert.Equal(200, response!.Status);
        await page.Locator(".la-lead-name").First.WaitForAsync();
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    /// <summary>The names in the grid once it shows the view in the address bar.</summary>
    private static async Task<List<string>> RowNamesAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.querySelector('#leads-view')?.dataset.view === location.search");
        return [.. await page.Locator(".la-lead-name").AllTextContentsAsync()];
    }

    private async Task<(string Name, string Phone)> AnyUsLeadAsync()
    {
        await using var db = browser.App.Database.CreateContext(1);
        var lead = await db.Leads.Where(l => l.Phone!.StartsWith("+1")).OrderBy(l => l.Id).FirstAsync();
        return (lead.Name, lead.Phone!);
    }
}
