using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Tests.Support;

namespace LeadActivity.Tests.Leads;

public sealed class FollowUpCallingHoursTests
{
    [Theory]
    [InlineData("2026-11-29T11:30:00Z", "2026-11-30T17:00:00Z")] // Sunday 03:30 in Los Angeles waits for Monday 09:00 there
    [InlineData("2026-11-27T01:00:00Z", null)] // Thursday 17:00 in Los Angeles: inside, it goes when due
    public async Task A_scheduled_retry_due_outside_calling_hours_says_when_the_window_opens(string due, string? opens)
    {
        await using var database = await TestDatabase.CreateAsync();
        var org = await database.AddOrganizationAsync("acme");
        var campaign = await database.AddCampaignAsync(org);
        int leadId;
        await using (var db = database.Context(org))
        {
            var lead = new Lead { CampaignId = campaign.Id, Name = "Ana", Phone = "+14155550132", Status = LeadStatus.Contacted, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Leads.Add(lead);
            await db.SaveChangesAsync();
            db.FollowUps.Add(new FollowUp
            {
                LeadId = lead.Id, CampaignId = campaign.Id, DueAt = Utc(due), Attempt = 2, MaxAttempts = 3, Channel = Channel.Phone,
                TriggerOutcome = CallOutcome.NoAnswer, State = FollowUpState.Scheduled, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            leadId = lead.Id;
        }

        var detail = await new LeadDetailQuery(database.Factory(org)).GetAsync(leadId);

        var next = detail!.NextFollowUp!;
        Assert.Equal(opens is null ? null : Utc(opens), next.WaitsUntil);
    }

    private static DateTime Utc(string text) => DateTime.SpecifyKind(DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc);
}
