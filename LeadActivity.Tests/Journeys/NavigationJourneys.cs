using LeadActivity.Tests.Browser;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// Menus, dialogs and drawers: each opens by a click and by Enter, closes by Escape, and gives the keyboard back where it
/// was. Moving around the app leaves no failed request, console error or server error behind.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NavigationJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task The_account_menu_opens_by_click_and_by_Enter_and_closes_by_Escape()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/");
        var account = page.GetByRole(AriaRole.Button, new() { Name = "Sam Rivera" });
        var changePassword = page.GetByRole(AriaRole.Menuitem, new() { Name = "Change password" });

        await account.ClickAsync();
        await Assertions.Expect(changePassword).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(changePassword).ToBeHiddenAsync();

        await Assertions.Expect(account).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(changePassword).ToBeFocusedAsync(); // opened by keyboard, the keyboard moves into the menu
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(changePassword).ToBeHiddenAsync();
    }

    [BrowserFact]
    public async Task Every_kind_of_dialog_opens_by_click_and_by_Enter_closes_by_Escape_and_gives_the_keyboard_back()
    {
        var campaignId = await browser.App.AddCampaignAsync("Escape");
        var (leadId, _) = await browser.AddLeadWithCallAsync("Dana Dialog");
        var page = await browser.NewPageAsync();

        await page.OpenAsync($"/campaigns/{campaignId}");
        await OpensAndClosesAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }), "Edit campaign");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Fields" }).ClickAsync();
        await OpensAndClosesAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Remove Company" }), "Remove the field");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Leads" }).ClickAsync();
        await OpensAndClosesAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Connect a source" }), "source");

        await page.OpenAsync($"/leads/{leadId}");
        await OpensAndClosesAsync(page, page.Locator("#cancel-follow-up"), "Cancel");
    }

    /// <summary>Opens the dialog with a click, closes it with Escape, then opens it again with Enter from where the keyboard was handed back.</summary>
    private static async Task OpensAndClosesAsync(IPage page, ILocator opener, string says)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await opener.ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync(says);
        await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1); // the keyboard moves into the dialog
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(opener).ToBeFocusedAsync(); // and back to what opened it

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToContainTextAsync(says);
        await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(opener).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task On_a_phone_the_navigation_drawer_opens_by_click_and_by_Enter_and_closes_by_Escape()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync("/");
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" });
        var leads = page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Leads" });
        // A phone starts with the drawer closed, once MudBlazor has measured the screen.
        await Assertions.Expect(page.Locator(".mud-drawer-responsive")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-drawer--closed"));
        await Assertions.Expect(leads).Not.ToBeInViewportAsync();

        await toggle.ClickAsync();
        await Assertions.Expect(leads).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(leads).Not.ToBeInViewportAsync();

        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(leads).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(leads).Not.ToBeInViewportAsync();

        await toggle.ClickAsync();
        await leads.ClickAsync(); // choosing a page closes the drawer on a phone
        await page.WaitForAddressAsync("/leads");
        await Assertions.Expect(leads).Not.ToBeInViewportAsync();
    }

    [BrowserFact]
    public async Task Going_through_every_page_by_its_links_leaves_no_failed_request_and_no_error()
    {
        var mark = browser.App.Errors.Count;
        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"console: {message.Text}"); };
        page.Response += (_, response) => { if (response.Status >= 400) problems.Add($"{response.Status} {response.Url}"); };

        await page.OpenAsync("/");
        var navigation = page.Locator(".mud-navmenu");
        foreach (var (link, address) in new[] { ("Leads", "/leads"), ("Campaigns", "/campaigns"), ("Settings", "/settings"), ("Home", "/") })
        {
            await navigation.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
            await page.WaitForAddressAsync(address);
            if (link == "Settings")
            {
                await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
                await page.WaitForAddressAsync("/settings/api-keys");
                await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "API keys" })).ToHaveAttributeAsync("aria-selected", "true");
            }
        }
        await Assertions.Expect(page.Locator("#lead-activity")).ToBeVisibleAsync();

        // Straight to a tab by its address, and away by a link.
        await page.OpenAsync("/settings/api-keys");
        await navigation.GetByRole(AriaRole.Link, new() { Name = "Leads" }).ClickAsync();
        await page.WaitForAddressAsync("/leads");
        await Assertions.Expect(page.Locator("#lead-search")).ToBeVisibleAsync();

        // Away from a tab by a full page load: the circuit, and with it the tabs, is torn down.
        await page.OpenAsync($"/campaigns/{await browser.App.AddCampaignAsync("Tabs")}/fields");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Follow-ups" }).ClickAsync();
        await page.WaitForAddressAsync("/follow-ups");
        await page.GotoAsync("/leads");
        await page.WaitForInteractiveAsync();
        await page.OpenAsync("/settings/api-keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sam Rivera" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Change password" }).ClickAsync();
        await page.WaitForAddressAsync("/account/change-password");
        await page.WaitForTimeoutAsync(1000); // what a torn-down circuit logs arrives just after it

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var errors = browser.App.Errors.Since(mark);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.EndsWith("/account/change-password", page.Url);
    }

    [BrowserFact]
    public async Task The_app_has_an_icon()
    {
        var page = await browser.NewPageAsync();
        var response = await page.APIRequest.GetAsync("/favicon.ico");
        Assert.Equal(200, response.Status);
        Assert.StartsWith("image/", response.Headers["content-type"]);
    }
}
