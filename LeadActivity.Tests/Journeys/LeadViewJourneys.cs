using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Browser;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// A person shaping the Leads page into a view — filters by a custom field and a date range, a chosen column sorted,
/// saved and shared — that a colleague opens and another organization never sees; the grid's keyboard shortcuts; a
/// status changed in place. Only mouse and keyboard, asserting only what is on screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LeadViewJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_person_filters_by_a_field_and_dates_saves_and_shares_the_view_and_a_colleague_opens_it()
    {
        var campaignId = await AddCampaignWithLeadsAsync("Views");
        var colleague = await AddMemberAsync("Cole League");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads?campaign={campaignId}&sort=name-asc");
        await Assertions.Expect(Names(page)).ToHaveCountAsync(3);

        await page.Locator("#toggle-more-filters").ClickAsync();
        await page.Locator("#add-field-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Company" }).ClickAsync();
        await page.Locator(".la-field-filter[data-field=company] .la-field-text input").PressSequentiallyAsync("acme");
        await page.WaitForAddressAsync("f.company=has%3Aacme");
        await Assertions.Expect(Names(page)).ToHaveTextAsync(["Vera Acme", "Vito Acme"], new() { UseInnerText = true });

        await page.Locator("#created-from").FillAsync("2026-10-01");
        await page.Locator("#created-to").FillAsync("2026-10-31");
        await page.WaitForAddressAsync("created=2026-10-01..2026-10-31");
        await Assertions.Expect(Names(page)).ToHaveTextAsync(["Vera Acme"]);
        await Assertions.Expect(page.Locator("#toggle-more-filters")).ToContainTextAsync("(2)");

        // The Seats column, shown and sorted by.
        await page.Locator("#choose-columns").ClickAsync();
        var columns = page.GetByRole(AriaRole.Dialog);
        await columns.GetByText("Seats").ClickAsync();
        await page.WaitForAddressAsync("f.seats");
        await columns.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(columns).ToHaveCountAsync(0);
        await page.Locator("[data-sort='f.seats']").ClickAsync();
        await page.WaitForAddressAsync("sort=n.seats-asc");
        await Assertions.Expect(page.Locator("#leads-grid tbody")).ToContainTextAsync("40");

        await page.Locator("#save-view").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Acme in October");
        await dialog.GetByText("Share with my organization").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved the view “Acme in October”, shared with your organization.")).ToBeVisibleAsync();
        var chip = page.Locator("#saved-views [data-view-name='Acme in October']");
        await Assertions.Expect(chip).ToBeVisibleAsync();

        // A colleague of the same organization opens it from the list: the whole view comes back, in the address too.
        var other = await browser.NewAnonymousPageAsync();
        await other.SignInAsync(colleague, LeadActivityAppFactory.Password);
        await other.OpenAsync("/leads");
        await other.Locator("#saved-views [data-view-name='Acme in October']").ClickAsync();
        await other.WaitForAddressAsync("f.company=has%3Aacme");
        await other.WaitForInteractiveAsync();
        Assert.Contains("created=2026-10-01..2026-10-31", other.Url);
        Assert.Contains("sort=n.seats-asc", other.Url);
        await Assertions.Expect(Names(other)).ToHaveTextAsync(["Vera Acme"]);
        await Assertions.Expect(other.Locator("#leads-grid thead")).ToContainTextAsync("Seats");
        await Assertions.Expect(other.Locator(".la-field-filter[data-field=company] .la-field-text input")).ToHaveValueAsync("acme");
        await Assertions.Expect(other.Locator("#created-from")).ToHaveValueAsync("2026-10-01");
        // Not theirs to change: no options menu on it.
        await Assertions.Expect(other.Locator("[data-view-name='Acme in October'] ~ .la-view-menu, .la-saved-view:has([data-view-name='Acme in October']) .la-view-menu")).ToHaveCountAsync(0);

        // Another organization never sees it.
        var harbor = await browser.NewAnonymousPageAsync();
        await harbor.SignInAsync(LeadActivityAppFactory.OtherAdminEmail, LeadActivityAppFactory.Password);
        await harbor.OpenAsync("/leads");
        await Assertions.Expect(harbor.Locator("#saved-views")).ToBeVisibleAsync();
        await Assertions.Expect(harbor.Locator("#saved-views")).Not.ToContainTextAsync("Acme in October");
    }

    [BrowserFact]
    public async Task The_keyboard_searches_moves_between_rows_lists_the_shortcuts_and_opens_a_lead()
    {
        var campaignId = await AddCampaignWithLeadsAsync("Keys");
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await page.OpenAsync($"/leads?campaign={campaignId}&sort=name-asc");
        await Assertions.Expect(Names(page)).ToHaveTextAsync(["Vanna Other", "Vera Acme", "Vito Acme"]);

        // Headers stay on one line and the default columns fit at 1,440 px.
        var fits = await page.EvaluateAsync<bool>("""
            () => [...document.querySelectorAll('#leads-grid thead th')].every(th => th.getBoundingClientRect().height < 64)
                  && document.querySelector('#leads-grid .mud-table-container').scrollWidth <= document.querySelector('#leads-grid .mud-table-container').clientWidth
            """);
        Assert.True(fits, "a header wraps or the grid overflows at 1,440 px");

        var search = page.Locator("#lead-search input, input#lead-search").First;
        await page.Locator("html[data-leads-shortcuts=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Keyboard.PressAsync("/");
        await Assertions.Expect(search).ToBeFocusedAsync();
        // While typing, letters are letters: j goes into the search, no row moves.
        await page.Keyboard.TypeAsync("j");
        await Assertions.Expect(search).ToHaveValueAsync("j");
        await Assertions.Expect(page.Locator("#leads-grid tr.la-row-active")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Backspace");
        await page.Locator("h1").ClickAsync();

        var active = page.Locator("#leads-grid tr.la-row-active");
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(active).ToContainTextAsync("Vanna Other");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(active).ToContainTextAsync("Vito Acme");
        await page.Keyboard.PressAsync("k");
        await Assertions.Expect(active).ToContainTextAsync("Vera Acme");
        await Assertions.Expect(active).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("?");
        var shortcuts = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(shortcuts).ToContainTextAsync("Keyboard shortcuts");
        await Assertions.Expect(shortcuts).ToContainTextAsync("Next lead");
        await Assertions.Expect(shortcuts.Locator(":focus")).ToHaveCountAsync(1); // the keyboard moves into the list
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(shortcuts).ToHaveCountAsync(0);

        await page.Keyboard.PressAsync("k"); // back on a row, which has the keyboard again
        await Assertions.Expect(active).ToContainTextAsync("Vanna Other");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForAddressAsync("/leads/", absent: "campaign=");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Vanna Other");
    }

    [BrowserFact]
    public async Task A_person_changes_a_status_in_the_grid_and_the_lead_s_timeline_records_it()
    {
        var campaignId = await AddCampaignWithLeadsAsync("Inline");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads?campaign={campaignId}&sort=name-asc");
        var row = page.Locator("#leads-grid tbody tr", new() { HasText = "Vera Acme" });
        var callbacks = page.Locator("[data-status=callback] .la-count");
        await Assertions.Expect(callbacks).ToHaveTextAsync("0");

        await row.GetByRole(AriaRole.Button, new() { Name = "Status: New Change the status of Vera Acme" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Callback" }).ClickAsync();

        await Assertions.Expect(row).ToContainTextAsync("Callback");
        await Assertions.Expect(callbacks).ToHaveTextAsync("1");
        Assert.Contains($"campaign={campaignId}", page.Url); // still on the grid
        await row.Locator("a.la-lead-name").ClickAsync();
        await Assertions.Expect(page.Locator("#lead-timeline")).ToContainTextAsync("Status New → Callback");
    }

    [BrowserFact]
    public async Task Dragging_a_header_s_edge_resizes_its_column_and_the_view_keeps_the_width()
    {
        var campaignId = await AddCampaignWithLeadsAsync("Resize");
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await page.OpenAsync($"/leads?campaign={campaignId}&sort=name-asc");
        await page.Locator("html[data-leads-shortcuts=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var header = page.Locator("#leads-grid thead th", new() { Has = page.Locator("[data-column=phone]") }).First;
        var before = (await header.BoundingBoxAsync())!;

        await page.Mouse.MoveAsync(before.X + before.Width - 3, before.Y + before.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(before.X + before.Width + 60, before.Y + before.Height / 2, new() { Steps = 5 });
        await page.Mouse.UpAsync();

        await page.WaitForAddressAsync("w=phone%3A");
        Assert.Equal("sort=name-asc", page.Url.Split('&').First(p => p.StartsWith("sort=")));
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        var after = (await page.Locator("#leads-grid thead th", new() { Has = page.Locator("[data-column=phone]") }).First.BoundingBoxAsync())!;
        Assert.InRange(after.Width, before.Width + 40, before.Width + 80);
    }

    [BrowserFact]
    public async Task The_page_with_more_filters_and_chosen_columns_fits_a_phone_in_both_themes()
    {
        var campaignId = await AddCampaignWithLeadsAsync("Screens");
        var view = $"/leads?campaign={campaignId}&f.company=has:acme&f.seats=num:1..100&created=2026-08-01..2026-10-31&never=1&cols=name,status,f.seats,phone&sort=name-asc";
        var folder = Path.Combine(Path.GetTempPath(), "leadactivity-screens");
        Directory.CreateDirectory(folder);
        foreach (var dark in new[] { false, true })
        foreach (var (width, height) in new[] { (390, 844), (1440, 900) })
        {
            var page = await browser.NewPageAsync();
            await page.SetViewportSizeAsync(width, height);
            await page.OpenAsync(view);
            var toggle = page.GetByRole(AriaRole.Button, new() { Name = dark ? "Switch to dark theme" : "Switch to light theme" });
            if (await toggle.CountAsync() > 0)
                await toggle.ClickAsync();
            await Assertions.Expect(page.Locator("#more-filters")).ToBeVisibleAsync();
            await Assertions.Expect(Names(page).First).ToBeVisibleAsync();
            var overflow = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"the page is {overflow} px wider than the screen at {width} px");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"leads-views-{width}-{(dark ? "dark" : "light")}.png"), FullPage = true });
            await page.Context.CloseAsync();
        }
    }

    private static ILocator Names(IPage page) => page.Locator("#leads-grid a.la-lead-name");

    /// <summary>A campaign with a text and a number field and three leads created on known days.</summary>
    private async Task<int> AddCampaignWithLeadsAsync(string name)
    {
        var campaignId = await browser.App.AddCampaignAsync(name, CampaignStatus.Active);
        await using var db = browser.App.Database.CreateContext(1);
        var campaign = await db.Campaigns.SingleAsync(c => c.Id == campaignId);
        campaign.Fields = [.. campaign.Fields, new CustomFieldDefinition("seats", "Seats", CustomFieldType.Number)];
        Lead Lead(string leadName, string company, string seats, DateTime created) => new()
        {
            CampaignId = campaignId, Name = leadName, Phone = $"+1415555{Random.Shared.Next(1000, 9999)}", Status = LeadStatus.New,
            CreatedAt = created, UpdatedAt = created, Fields = new() { ["company"] = company, ["seats"] = seats },
        };
        db.Leads.AddRange(
            Lead("Vera Acme", "Acme Corp", "40", new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc)),
            Lead("Vito Acme", "Acme Labs", "5", new DateTime(2026, 8, 1, 9, 0, 0, DateTimeKind.Utc)),
            Lead("Vanna Other", "Initech", "100", new DateTime(2026, 10, 10, 9, 0, 0, DateTimeKind.Utc)));
        await db.SaveChangesAsync();
        return campaignId;
    }

    /// <summary>A second member of the demo organization, who signs in with the test password.</summary>
    private async Task<string> AddMemberAsync(string displayName)
    {
        var email = $"{Guid.NewGuid():N}@demo.example";
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadActivityUser>>();
        var organizationId = await DatabaseInitializer.FindOrganizationIdAsync(browser.App.Database, "demo") ?? 0;
        var created = await users.CreateAsync(new LeadActivityUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, Role = OrganizationRole.Member,
            OrganizationId = organizationId, CreatedAt = DateTime.UtcNow,
        }, LeadActivityAppFactory.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return email;
    }
}
