using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Browser;
using LeadActivity.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadActivity.Tests.Journeys;

/// <summary>The dashboard's range and campaign, chosen as a person chooses them, and kept by the address.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Choosing_a_range_and_a_campaign_counts_them_and_a_reload_brings_the_same_view_back()
    {
        // A campaign of its own: one call today, two yesterday (noon UTC is yesterday in the browser's zone too).
        var name = $"Range journey {Guid.NewGuid():N}"[..22];
        var campaignId = await browser.App.AddCampaignAsync(name);
        var organizationId = await DatabaseInitializer.FindOrganizationIdAsync(browser.App.Database, "demo") ?? 0;
        await using (var db = browser.App.Database.CreateContext(organizationId))
        {
            db.Leads.Add(new Lead { CampaignId = campaignId, Name = "Range lead", Phone = "+12125550391", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        var yesterdayNoon = DateTime.UtcNow.Date.AddDays(-1).AddHours(12);
        using var api = Api();
        await PostCallAsync(api, campaignId, yesterdayNoon, "answered");
        await PostCallAsync(api, campaignId, yesterdayNoon.AddMinutes(5), "no_answer");
        await PostCallAsync(api, campaignId, DateTime.UtcNow, "voicemail");

        var page = await browser.NewPageAsync();
        await page.OpenAsync("/");
        await page.Locator("#lead-activity .mud-input-control.mud-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"[?&]campaign={campaignId}"));
        var calls = page.Locator("#tile-calls .la-tile-value");
        await Expect(calls).ToHaveTextAsync("1"); // today, this campaign alone

        await page.GetByRole(AriaRole.Button, new() { Name = "Yesterday" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("range=yesterday"));
        await Expect(page.Locator("#activity-tiles")).ToHaveAttributeAsync("data-range", "yesterday");
        await Expect(calls).ToHaveTextAsync("2");
        await Expect(page.Locator("#tile-answer-rate .la-tile-value")).ToHaveTextAsync("50%");
        await page.GetByRole(AriaRole.Button, new() { Name = "Last 7 days" }).ClickAsync();
        await Expect(calls).ToHaveTextAsync("3");
        await Expect(page.Locator("#activity-chart")).ToContainTextAsync("Calls and messages, last 7 days, per day");
        await Expect(page.Locator("#activity-chart-svg rect")).ToHaveCountAsync(3); // yesterday: answered + no answer; today: voicemail

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(calls).ToHaveTextAsync("3");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Last 7 days" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#lead-activity .mud-input-control.mud-select")).ToContainTextAsync(name);

        // Chosen dates: yesterday alone, typed into the date fields.
        await page.GetByRole(AriaRole.Button, new() { Name = "Custom" }).ClickAsync();
        var yesterday = yesterdayNoon.ToString("yyyy-MM-dd");
        await page.Locator("#range-from").FillAsync(yesterday);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"from={yesterday}"));
        await page.Locator("#range-to").FillAsync(yesterday);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"to={yesterday}"));
        await Expect(calls).ToHaveTextAsync("2");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(calls).ToHaveTextAsync("2");
        await Expect(page.Locator("#range-from")).ToHaveValueAsync(yesterday);
        await Expect(page.Locator("#activity-chart")).ToContainTextAsync("per hour");
    }

    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = browser.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", LeadActivityAppFactory.ApiKey);
        return client;
    }

    private static async Task PostCallAsync(HttpClient api, int campaignId, DateTime at, string outcome)
    {
        var response = await api.PostAsJsonAsync("/api/v1/activities", new JsonObject
        {
            ["externalId"] = $"range-{Guid.NewGuid():N}",
            ["type"] = "call",
            ["campaignId"] = campaignId,
            ["leadPhone"] = "+12125550391",
            ["occurredAt"] = DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("O"),
            ["outcome"] = outcome,
            ["durationSeconds"] = 30,
        });
        response.EnsureSuccessStatusCode();
    }
}
