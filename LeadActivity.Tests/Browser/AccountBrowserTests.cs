using LeadActivity.Tests.Support;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccountBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task The_demo_admin_signs_in_sees_the_leads_signs_out_and_the_back_button_shows_no_data()
    {
        var page = await browser.NewAnonymousPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy"))
                cspViolations.Add(message.Text);
        };

        await page.GotoAsync("/leads");
        await page.WaitForAddressAsync("/account/sign-in");
        await page.FillAsync("#email", LeadActivityAppFactory.AdminEmail);
        await page.FillAsync("#password", LeadActivityAppFactory.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync("/leads", absent: "sign-in");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator(".la-lead-name").First).ToBeVisibleAsync();
        var firstLead = await page.Locator(".la-lead-name").First.TextContentAsync();

        await page.ClickAsync("#sign-out");
        await page.WaitForAddressAsync("/account/sign-in");
        await page.GoBackAsync();

        // Back lands on the sign-in page again (the leads page is not cached and needs a sign-in), never on the list.
        await page.WaitForAddressAsync("/account/sign-in");
        await Assertions.Expect(page.Locator("#email")).ToBeVisibleAsync();
        Assert.DoesNotContain(firstLead!, await page.ContentAsync());
        Assert.Empty(cspViolations);
    }

    [BrowserFact]
    public async Task A_wrong_password_is_answered_on_the_form()
    {
        var page = await browser.NewAnonymousPageAsync();
        await page.GotoAsync("/account/sign-in");

        await page.FillAsync("#email", LeadActivityAppFactory.OtherAdminEmail);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("do not match an account");
        await Assertions.Expect(page.Locator("#email")).ToHaveValueAsync(LeadActivityAppFactory.OtherAdminEmail);
    }

    [BrowserFact]
    public async Task An_admin_invites_a_member_and_creates_an_api_key_each_shown_once()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync("/settings");

        var email = $"new-{Guid.NewGuid():N}@demo.example";
        await page.Locator("#invite-email").FillAsync(email);
        await page.Locator("#invite-name").FillAsync("Robin Park");
        await page.ClickAsync("#invite");
        await Assertions.Expect(page.Locator("#one-time-password code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\w{4}-\\w{4}-\\w{4}-\\w{4}$"));
        await Assertions.Expect(page.Locator("#members")).ToContainTextAsync(email);
        await Assertions.Expect(page.Locator("#members")).ToContainTextAsync("Invited");

        await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
        await page.WaitForAddressAsync("/settings/api-keys");
        await page.Locator("#api-key-name").FillAsync("Browser test agent");
        await page.ClickAsync("#create-api-key");
        var secret = await page.Locator("#new-api-key code").TextContentAsync();
        Assert.StartsWith("la_", secret);
        await Assertions.Expect(page.Locator("#api-keys")).ToContainTextAsync("Browser test agent");

        using var agent = new HttpClient { BaseAddress = browser.BaseAddress };
        agent.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await agent.GetAsync("/api/v1/activities?limit=1")).StatusCode);
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        Assert.DoesNotContain(secret!, await page.ContentAsync());
    }
}
