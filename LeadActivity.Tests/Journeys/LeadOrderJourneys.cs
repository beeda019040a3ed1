using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Tests.Browser;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>A person sorting the Leads page by name, by clicking its column header, and reading the list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LeadOrderJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_person_sorts_leads_by_name_and_reads_accented_names_in_reading_order()
    {
        var campaignId = await AddCampaignWithLeadsAsync("Zoë", "Álvaro", "Íñigo", "emma Visser", "Emma de Jong", "Émile");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads?campaign={campaignId}");
        var names = page.Locator("#leads-grid .la-lead-name");
        await Assertions.Expect(names).ToHaveCountAsync(6);

        await page.Locator("#leads-grid [data-sort='Name']").ClickAsync();

        await Assertions.Expect(names).ToHaveTextAsync(["Álvaro", "Émile", "Emma de Jong", "emma Visser", "Íñigo", "Zoë"]);
        var nameHeader = page.GetByRole(AriaRole.Columnheader, new() { Name = "Name" });
        await Assertions.Expect(nameHeader).ToHaveAttributeAsync("aria-sort", "ascending"); // the header cell, not its button

        await page.Locator("#leads-grid [data-sort='Name']").ClickAsync();

        await Assertions.Expect(names).ToHaveTextAsync(["Zoë", "Íñigo", "emma Visser", "Emma de Jong", "Émile", "Álvaro"]);
        await Assertions.Expect(nameHeader).ToHaveAttributeAsync("aria-sort", "descending");
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Created" })).ToHaveAttributeAsync("aria-sort", "none");
    }

    /// <summary>A campaign of its own, so the page filtered to it shows only these leads.</summary>
    private async Task<int> AddCampaignWithLeadsAsync(params string[] names)
    {
        await using var db = browser.App.Database.CreateContext(1);
        var now = DateTime.UtcNow;
        var campaign = new Campaign
        {
            Name = "Reading order", Channel = Channel.Phone, Status = CampaignStatus.Draft, DefaultRegion = "US", CreatedAt = now, UpdatedAt = now,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        var number = Random.Shared.Next(1000, 9000);
        db.Leads.AddRange(names.Select(name => new Lead
        {
            CampaignId = campaign.Id, Name = name, Phone = $"+1415555{number++}", Status = LeadStatus.New, CreatedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
        return campaign.Id;
    }
}
