using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Browser;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// Watching a campaign go live, as a person does: launch it through its confirmation, watch its overview move while the
/// agent works (the agent is off in tests: the ingestion API stands in for it), with a colleague on the dashboard.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignOverviewJourneys(BrowserFixture browser)
{
    private static readonly string[] Phones = ["+12125550281", "+12125550282", "+13105550283", "+13105550284"];

    [BrowserFact]
    public async Task Launching_a_draft_then_its_overview_moves_as_the_agent_works_while_the_dashboard_shows_the_same_calls()
    {
        var (campaignId, name) = await DraftWithLeadsAsync("Go-live journey");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/campaigns/{campaignId}");
        await Expect(page.Locator("#ov-contacted")).ToHaveTextAsync("0 of 4");

        await page.Locator("#launch-campaign").ClickAsync();
        await Expect(page.Locator("#launch-question")).ToHaveTextAsync("Launch and contact 4 leads by phone?");
        await page.Locator("#launch-confirm").ClickAsync();
        await Expect(page.Locator("[data-campaign-status]")).ToHaveTextAsync("Active");

        // A colleague watches the dashboard, the feed set to this campaign.
        var colleague = await browser.NewPageAsync();
        await colleague.OpenAsync($"/?campaign={campaignId}");
        await colleague.Locator("#live-indicator").WaitForAsync();

        using var api = Api();
        var first = await PostCallAsync(api, campaignId, Phones[0], "answered");
        var second = await PostCallAsync(api, campaignId, Phones[1], "no_answer");

        await Expect(page.Locator("#ov-contacted")).ToHaveTextAsync("2 of 4");
        await Expect(page.Locator("#ov-done")).ToHaveTextAsync("50.0%");
        await Expect(page.Locator("#ov-left")).ToHaveTextAsync("2 leads left");
        await Expect(page.Locator("#ov-pace-hour")).ToHaveTextAsync("2");
        await Expect(page.Locator("#ov-pace-now")).ToHaveTextAsync("0.4");
        await Expect(page.Locator("#ov-funnel [data-step='contacted'] .la-ov-conv")).ToHaveTextAsync("50%");
        await Expect(page.Locator("#ov-outcomes [data-outcome='Answered'] td").Last).ToHaveTextAsync("50%");
        // The campaign's own feed, on the same page below the figures: scrolled to, it shows the calls.
        await page.Locator("#lead-activity").ScrollIntoViewIfNeededAsync();
        await Expect(page.Locator($"#activity-feed [data-activity-id='{second}']")).ToBeVisibleAsync();
        // The dashboard shows the same calls (its feed below the tiles and chart, scrolled to).
        await colleague.Locator("#lead-activity").ScrollIntoViewIfNeededAsync();
        await Expect(colleague.Locator($"#activity-feed [data-activity-id='{first}']")).ToContainTextAsync(name);
        await Expect(colleague.Locator($"#activity-feed [data-activity-id='{second}']")).ToContainTextAsync(name);

        // The campaigns list shows it running, with its progress and pace.
        await page.Locator("nav a[href='campaigns']").First.ClickAsync();
        var progress = page.Locator($"[data-campaign-progress='{campaignId}']");
        await Expect(progress).ToContainTextAsync("50% · 0.4/min");
        await PostCallAsync(api, campaignId, Phones[2], "voicemail");
        await Expect(progress).ToContainTextAsync("75% · 0.6/min");
    }

    [BrowserFact]
    public async Task Pausing_and_resuming_each_ask_first_naming_what_happens()
    {
        var (campaignId, _) = await DraftWithLeadsAsync("Pause journey", active: true);
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/campaigns/{campaignId}");
        var status = page.Locator("[data-campaign-status]");

        await page.Locator("#pause-campaign").ClickAsync();
        await Expect(page.Locator("#pause-question")).ToHaveTextAsync(
            "Pause? The agent starts no new calls and no follow-ups until you resume; 4 leads are still to be contacted.");
        await page.Locator("#pause-cancel").ClickAsync();
        await Expect(status).ToHaveTextAsync("Active");

        await page.Locator("#pause-campaign").ClickAsync();
        await page.Locator("#pause-confirm").ClickAsync();
        await Expect(status).ToHaveTextAsync("Paused");
        await Expect(page.Locator("#ov-window")).ToHaveTextAsync("Paused: no new attempts until it is resumed.");

        await page.Locator("#resume-campaign").ClickAsync();
        await Expect(page.Locator("#resume-question")).ToHaveTextAsync("Resume and contact the 4 leads left by phone?");
        await Expect(page.Locator("#resume-window")).ToContainTextAsync("Calls start");
        await page.Locator("#resume-confirm").ClickAsync();
        await Expect(status).ToHaveTextAsync("Active");
    }

    /// <summary>A phone campaign of the demo organization with a lead for each of <see cref="Phones"/>.</summary>
    private async Task<(int Id, string Name)> DraftWithLeadsAsync(string name, bool active = false)
    {
        var id = await browser.App.AddCampaignAsync(name);
        var organizationId = await DatabaseInitializer.FindOrganizationIdAsync(browser.App.Database, "demo") ?? 0;
        await using var db = browser.App.Database.CreateContext(organizationId);
        db.Leads.AddRange(Phones.Select((phone, i) => new Lead
        {
            CampaignId = id, Name = $"Go-live lead {i}", Phone = phone, Status = LeadStatus.New, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        }));
        if (active)
            (await db.Campaigns.SingleAsync(c => c.Id == id)).Status = Domain.Campaigns.CampaignStatus.Active;
        await db.SaveChangesAsync();
        return (id, await db.Campaigns.Where(c => c.Id == id).Select(c => c.Name).SingleAsync());
    }

    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = browser.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", LeadActivityAppFactory.ApiKey);
        return client;
    }

    private static async Task<long> PostCallAsync(HttpClient api, int campaignId, string phone, string outcome)
    {
        var response = await api.PostAsJsonAsync("/api/v1/activities", new JsonObject
        {
            ["externalId"] = $"go-live-{Guid.NewGuid():N}",
            ["type"] = "call",
            ["campaignId"] = campaignId,
            ["leadPhone"] = phone,
            ["occurredAt"] = DateTime.UtcNow.ToString("O"),
            ["outcome"] = outcome,
            ["durationSeconds"] = 42,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }
}
