using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Browser;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// Launching a campaign and reading the dashboard, as a person does it: mouse and keyboard only. Data is arranged
/// through the database and the ingestion API (the agent is off in tests, so the API stands in for its first call).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LaunchJourneys(BrowserFixture browser)
{
    // New York and Los Angeles: the window opens in New York first, unless only Los Angeles is still inside it.
    private static readonly string[] Phones = ["+12125550181", "+12125550182", "+13105550183"];

    [BrowserFact]
    public async Task Launching_a_draft_through_its_confirmation_starts_it_and_its_first_call_appears_on_the_dashboard()
    {
        var (campaignId, name) = await DraftWithLeadsAsync("Launch journey");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/campaigns/{campaignId}");

        await page.Locator("#launch-campaign").ClickAsync();
        await Expect(page.Locator("#launch-question")).ToHaveTextAsync("Launch and contact 3 leads by phone?");
        await Expect(page.Locator("#launch-window")).ToContainTextAsync(ExpectedWindow(DateTimeOffset.UtcNow));
        await page.Locator("#launch-confirm").ClickAsync();

        await Expect(page.Locator("#launch-question")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-campaign-status]")).ToHaveTextAsync("Active");
        await Expect(page.Locator("#launch-campaign")).ToHaveCountAsync(0);

        await page.OpenAsync("/");
        await page.Locator("#live-indicator").WaitForAsync();
        using var api = Api();
        var id = await PostCallAsync(api, campaignId, Phones[0], DateTime.UtcNow);
        var entry = page.Locator($"#activity-feed [data-activity-id='{id}']");
        await Expect(entry).ToContainTextAsync(name, new() { Timeout = 5_000 });
        await Expect(entry).ToContainTextAsync("just now");
    }

    [BrowserFact]
    public async Task Cancelling_the_launch_confirmation_with_the_button_or_Escape_leaves_the_campaign_a_draft()
    {
        var (campaignId, _) = await DraftWithLeadsAsync("Cancel journey");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/campaigns/{campaignId}");
        var status = page.Locator("[data-campaign-status]");

        await page.Locator("#launch-campaign").ClickAsync();
        await page.Locator("#launch-cancel").ClickAsync();
        await Expect(page.Locator("#launch-question")).ToHaveCountAsync(0);
        await Expect(status).ToHaveTextAsync("Draft");

        await page.Locator("#launch-campaign").ClickAsync();
        await DialogHasFocusAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#launch-question")).ToHaveCountAsync(0);
        await Expect(status).ToHaveTextAsync("Draft");

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(status).ToHaveTextAsync("Draft");
        await Expect(page.Locator("#launch-campaign")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task The_launch_button_opens_its_confirmation_by_keyboard_too()
    {
        var (campaignId, _) = await DraftWithLeadsAsync("Keyboard journey");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/campaigns/{campaignId}");

        await page.TabToAsync(page.Locator("#launch-campaign"));
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#launch-question")).ToHaveTextAsync("Launch and contact 3 leads by phone?");
        await DialogHasFocusAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#launch-question")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-campaign-status]")).ToHaveTextAsync("Draft");
    }

    [BrowserFact]
    public async Task The_tiles_count_today_from_midnight_in_the_browsers_time_zone_and_the_feed_shows_its_times()
    {
        const string zoneId = "Pacific/Kiritimati"; // UTC+14: its day and UTC's overlap by only ten hours
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = DateTimeOffset.UtcNow;
        var localMidnight = TimeZoneInfo.ConvertTimeToUtc(TimeZoneInfo.ConvertTime(now, zone).Date, zone);
        var utcMidnight = now.UtcDateTime.Date;
        // A call between the two midnights is today in one and yesterday in the other, so the tile shows which day it counts.
        var between = localMidnight + (utcMidnight - localMidnight) / 2;
        var lead = await DemoPhoneLeadAsync();
        using var api = Api();
        var id = await PostCallAsync(api, lead.CampaignId, lead.Phone!, between);
        int expected;
        await using (var db = browser.App.Database.CreateContext(lead.OrganizationId))
            expected = await db.Activities.CountAsync(a => a.Kind == ActivityKind.Call && a.OccurredAt >= localMidnight);

        var page = await PageInZoneAsync(zoneId);
        await page.OpenAsync("/");

        await Expect(page.Locator("#tile-calls .la-tile-value")).ToHaveTextAsync(expected.ToString("N0"));
        await Expect(page.Locator($"#activity-feed [data-activity-id='{id}'] time"))
            .ToHaveAttributeAsync("title", TimeZoneInfo.ConvertTimeFromUtc(between, zone).ToString("f"));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Waits until the open dialog has taken the focus, as a person sees it appear before pressing a key: MudBlazor
    /// starts listening for Escape in the same step, a round trip after the dialog is drawn.
    /// </summary>
    private static Task DialogHasFocusAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-dialog-container, .mud-dialog') != null");

    /// <summary>A signed-in page whose browser lives in <paramref name="zoneId"/>, as a person's laptop abroad does.</summary>
    private async Task<IPage> PageInZoneAsync(string zoneId)
    {
        var signedIn = await browser.NewPageAsync();
        var state = await signedIn.Context.StorageStateAsync();
        var chromium = signedIn.Context.Browser!;
        await signedIn.Context.CloseAsync();
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(), StorageState = state, TimezoneId = zoneId,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>What the confirmation says about the window for leads in New York and Los Angeles, worked out by hand.</summary>
    private static string ExpectedWindow(DateTimeOffset now)
    {
        var openings = new[] { "America/New_York", "America/Los_Angeles" }.Select(id =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
            for (var day = 0; ; day++)
            {
                var date = local.Date.AddDays(day);
                if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                    continue;
                if (local < date.AddHours(9))
                    return (Utc: TimeZoneInfo.ConvertTimeToUtc(date.AddHours(9), zone), Local: date.AddHours(9), Today: local.Date);
                if (local < date.AddHours(18))
                    return (Utc: now.UtcDateTime, Local: local, Today: local.Date);
            }
        }).ToList();
        var first = openings.MinBy(o => o.Utc);
        if (first.Utc <= now.UtcDateTime)
            return "Calls start now";
        var day = first.Local.Date == first.Today ? "today" : first.Local.Date == first.Today.AddDays(1) ? "tomorrow"
            : first.Local.ToString("dddd", System.Globalization.CultureInfo.InvariantCulture);
        return $"Calls start {day} 09:00 in each lead's local time";
    }

    /// <summary>A draft phone campaign of the demo organization with a lead for each of <see cref="Phones"/>.</summary>
    private async Task<(int Id, string Name)> DraftWithLeadsAsync(string name)
    {
        var id = await browser.App.AddCampaignAsync(name);
        var organizationId = await DatabaseInitializer.FindOrganizationIdAsync(browser.App.Database, "demo") ?? 0;
        await using var db = browser.App.Database.CreateContext(organizationId);
        db.Leads.AddRange(Phones.Select((phone, i) => new Lead
        {
            CampaignId = id, Name = $"Journey lead {i}", Phone = phone, Status = LeadStatus.New, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
        return (id, await db.Campaigns.Where(c => c.Id == id).Select(c => c.Name).SingleAsync());
    }

    private async Task<Lead> DemoPhoneLeadAsync()
    {
        var organizationId = await DatabaseInitializer.FindOrganizationIdAsync(browser.App.Database, "demo") ?? 0;
        await using var db = browser.App.Database.CreateContext(organizationId);
        return await db.Leads.Where(l => l.Phone != null && l.Campaign!.Channel == Channel.Phone && l.Campaign.Status == CampaignStatus.Active)
            .OrderBy(l => l.Id).FirstAsync();
    }

    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = browser.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", LeadActivityAppFactory.ApiKey);
        return client;
    }

    /// <summary>Posts an answered call through the ingestion API, as the agent reports one; returns the activity's id.</summary>
    private static async Task<long> PostCallAsync(HttpClient api, int campaignId, string phone, DateTime occurredAt)
    {
        var response = await api.PostAsJsonAsync("/api/v1/activities", new JsonObject
        {
            ["externalId"] = $"journey-{Guid.NewGuid():N}",
            ["type"] = "call",
            ["campaignId"] = campaignId,
            ["leadPhone"] = phone,
            ["occurredAt"] = DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc).ToString("O"),
            ["outcome"] = "answered",
            ["durationSeconds"] = 42,
            ["summary"] = "First call of the campaign.",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }
}
