using System.Text.RegularExpressions;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// A person working many leads at once on the Leads page: selecting every lead of a view across its pages, changing
/// their status, cancelling their follow-ups, moving them to another campaign — by mouse, asserting what is on screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BulkJourneys(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_person_selects_all_3150_matching_leads_across_pages_changes_their_status_then_cancels_their_follow_ups()
    {
        var campaign = await AddPausedCampaignAsync("Bulk callbacks", leads: 3_150, phonePrefix: "+1646555", followUps: 40);
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads?campaign={campaign}&status=callback");
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("1–25 of 3,150");

        await page.Locator("#select-page").ClickAsync();
        await Assertions.Expect(page.Locator("#selection-count")).ToHaveTextAsync("25 selected.");
        await page.Locator("#select-all-matching").ClickAsync();
        await Assertions.Expect(page.Locator("#selection-count")).ToHaveTextAsync("All 3,150 leads matching this view are selected.");

        // Another page of the view: its rows are selected too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("26–50 of 3,150");
        await Assertions.Expect(page.Locator("#leads-grid input[type=checkbox]:checked")).ToHaveCountAsync(26); // the page's box and its 25 rows

        await page.Locator("#bulk-status").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Contacted" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Change 3,150 leads to Contacted?");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();

        await Assertions.Expect(page.Locator("#bulk-result")).ToContainTextAsync("3,150 leads changed to Contacted.", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#no-match")).ToBeVisibleAsync(); // none of the view is a callback any more
        await Assertions.Expect(page.Locator("#selection-count")).ToHaveCountAsync(0);

        // The same leads, now contacted: select them all again and cancel their follow-ups.
        await page.Locator("[data-status=callback]").ClickAsync();
        await page.Locator("[data-status=contacted]").ClickAsync();
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("1–25 of 3,150");
        await page.Locator("#select-page").ClickAsync();
        await page.Locator("#select-all-matching").ClickAsync();
        await page.Locator("#bulk-cancel-follow-ups").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Cancel the scheduled follow-ups of 3,150 leads?");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel follow-ups" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-result")).ToContainTextAsync("Follow-ups cancelled for 40 leads.", new() { Timeout = 60_000 });

        // One lead's timeline tells both, by the person.
        var leadId = await FirstLeadWithCancelledFollowUpAsync(campaign);
        await page.OpenAsync($"/leads/{leadId}");
        await Assertions.Expect(page.Locator("#lead-timeline")).ToContainTextAsync("Status Callback → Contacted");
        await Assertions.Expect(page.Locator("#lead-timeline")).ToContainTextAsync("Follow-up cancelled");

        // The audit trail says who did what to how many.
        await page.OpenAsync("/settings/audit");
        var rows = page.Locator("#audit-table tbody tr");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Cancel scheduled follow-ups");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Status → Contacted");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("3,150 leads matching status Callback");
    }

    [BrowserFact]
    public async Task A_person_moves_500_leads_to_a_campaign_that_has_20_of_their_numbers_and_the_preview_says_so()
    {
        var source = await AddPausedCampaignAsync("Bulk move from", leads: 500, phonePrefix: "+1718555");
        await AddPausedCampaignAsync("Bulk move into", leads: 20, phonePrefix: "+1718555"); // the first 20 numbers again
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads?campaign={source}&pageSize=100");
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("1–100 of 500");

        await page.Locator("#select-page").ClickAsync();
        await page.Locator("#select-all-matching").ClickAsync();
        await Assertions.Expect(page.Locator("#selection-count")).ToHaveTextAsync("All 500 leads matching this view are selected.");
        await page.Locator("#bulk-move").ClickAsync();
        await page.Locator("#move-target").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Bulk move into" }).ClickAsync();

        await Assertions.Expect(page.Locator("#move-counts")).ToHaveTextAsync("480 move / 20 skipped");
        await Assertions.Expect(page.Locator("#move-preview")).ToContainTextAsync("20 with a number Bulk move into already has");
        await page.Locator("#move-confirm").ClickAsync();

        await Assertions.Expect(page.Locator("#bulk-result")).ToContainTextAsync("Move to Bulk move into: 480 moved / 20 skipped.", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("1–20 of 20"); // the duplicates stayed
    }

    [BrowserFact]
    public async Task A_person_ticks_three_leads_on_two_pages_and_downloads_them_as_csv()
    {
        var campaign = await AddPausedCampaignAsync("Bulk export", leads: 30, phonePrefix: "+1917555");
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads?campaign={campaign}&sort=name-asc");
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("1–25 of 30");

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select Bulk export 0000" }).ClickAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select Bulk export 0003" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select Bulk export 0029" }).ClickAsync();
        await Assertions.Expect(page.Locator("#selection-count")).ToHaveTextAsync("3 selected.");
        Assert.Equal($"/leads?campaign={campaign}&sort=name-asc&page=2", new Uri(page.Url).PathAndQuery); // ticking never opened a lead

        await page.Locator("#bulk-export").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#selection-download").ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.Equal(4, csv.Length);
        Assert.Equal(["Bulk export 0000", "Bulk export 0003", "Bulk export 0029"], csv.Skip(1).Select(line => line.Split(',')[0]).Order());
    }

    [BrowserFact]
    public async Task A_person_deletes_a_views_leads_and_undoes_it()
    {
        var campaign = await AddPausedCampaignAsync("Bulk delete", leads: 120, phonePrefix: "+1929555", followUps: 5);
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/leads?campaign={campaign}");
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("1–25 of 120");

        await page.Locator("#select-page").ClickAsync();
        await page.Locator("#select-all-matching").ClickAsync();
        await page.Locator("#bulk-delete").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Delete 120 leads?");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete 120 leads" }).ClickAsync();

        await Assertions.Expect(page.Locator("#bulk-result")).ToContainTextAsync("120 leads deleted.", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#no-match")).ToBeVisibleAsync();

        await page.Locator("#bulk-undo").ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-result")).ToContainTextAsync("Undone: 120 leads restored.", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("1–25 of 120");
        await Assertions.Expect(page.Locator("#bulk-undo")).ToHaveCountAsync(0);

        // Deleted again, and undone later from the audit trail.
        await page.Locator("#select-page").ClickAsync();
        await page.Locator("#select-all-matching").ClickAsync();
        await page.Locator("#bulk-delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete 120 leads" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-result")).ToContainTextAsync("120 leads deleted.", new() { Timeout = 60_000 });
        await page.OpenAsync("/settings/audit");
        var latest = page.Locator("#audit-table tbody tr").First;
        await Assertions.Expect(latest).ToContainTextAsync("Delete");
        await latest.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Assertions.Expect(page.Locator("#audit-table tbody tr").First).ToContainTextAsync("Undo delete");
        await Assertions.Expect(page.Locator("#audit-table tbody tr").Nth(1)).ToContainTextAsync("Undone");
        await page.OpenAsync($"/leads?campaign={campaign}");
        await Assertions.Expect(page.Locator("#leads-range")).ToHaveTextAsync("1–25 of 120");
    }

    private async Task<int> AddPausedCampaignAsync(string name, int leads, string phonePrefix, int followUps = 0)
    {
        await using var db = browser.App.Database.CreateContext(1);
        var now = DateTime.UtcNow;
        // Paused: the demo's simulated agent works active campaigns only, so nothing but the person changes these leads.
        var campaign = new Campaign
        {
            Name = name, Channel = Channel.Phone, Status = CampaignStatus.Paused, DefaultRegion = "US", CreatedAt = now, UpdatedAt = now,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        var added = Enumerable.Range(0, leads).Select(i => new Lead
        {
            CampaignId = campaign.Id, Name = $"{name} {i:D4}", Phone = $"{phonePrefix}{i:D4}", Status = LeadStatus.Callback,
            CreatedAt = now.AddMinutes(-i), UpdatedAt = now, NextFollowUpAt = i < followUps ? now.AddDays(1) : null,
        }).ToList();
        db.Leads.AddRange(added);
        await db.SaveChangesAsync();
        db.FollowUps.AddRange(added.Take(followUps).Select(l => new FollowUp
        {
            LeadId = l.Id, CampaignId = campaign.Id, DueAt = now.AddDays(1), Attempt = 2, MaxAttempts = 3, Channel = Channel.Phone,
            TriggerOutcome = CallOutcome.NoAnswer, State = FollowUpState.Scheduled, CreatedAt = now,
        }));
        await db.SaveChangesAsync();
        return campaign.Id;
    }

    private async Task<int> FirstLeadWithCancelledFollowUpAsync(int campaignId)
    {
        await using var db = browser.App.Database.CreateContext(1);
        return await db.FollowUps.Where(f => f.CampaignId == campaignId && f.State == FollowUpState.Cancelled).Select(f => f.LeadId).FirstAsync();
    }
}
