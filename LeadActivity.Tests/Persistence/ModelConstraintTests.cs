using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Persistence;

public abstract class ModelConstraintTests(DatabaseProvider provider)
{
    [SkippableFact]
    public async Task Two_leads_with_the_same_phone_in_one_campaign_are_refused()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await database.AddOrganizationAsync("acme");
        var campaign = await database.AddCampaignAsync(org);
        await using var db = database.Context(org);
        db.Leads.Add(NewLead(campaign.Id, "Ana", "+14155550132"));
        await db.SaveChangesAsync();

        db.Leads.Add(NewLead(campaign.Id, "Ana again", "+14155550132"));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [SkippableFact]
    public async Task The_same_phone_may_be_a_lead_in_two_campaigns_and_leads_without_phone_do_not_collide()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await database.AddOrganizationAsync("acme");
        var spring = await database.AddCampaignAsync(org, "Spring");
        var autumn = await database.AddCampaignAsync(org, "Autumn");
        await using var db = database.Context(org);

        db.Leads.AddRange(
            NewLead(spring.Id, "Ana", "+14155550132"),
            NewLead(autumn.Id, "Ana", "+14155550132"),
            NewLead(spring.Id, "WhatsApp only 1", null),
            NewLead(spring.Id, "WhatsApp only 2", null));
        await db.SaveChangesAsync();

        Assert.Equal(4, await db.Leads.CountAsync());
    }

    internal static Lead NewLead(int campaignId, string name, string? phone) => new()
    {
        CampaignId = campaignId,
        Name = name,
        Phone = phone,
        WhatsApp = phone is null ? "+447700900123" : null,
        Status = LeadStatus.New,
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };
}

public sealed class ModelConstraintOnSqliteTests() : ModelConstraintTests(DatabaseProvider.Sqlite);

public sealed class ModelConstraintOnPostgresTests() : ModelConstraintTests(DatabaseProvider.Postgres);
