using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Demo;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Demo;

public abstract class DemoSeedTests(DatabaseProvider provider)
{
    private static readonly DateTime Now = new(2026, 11, 26, 17, 0, 0, DateTimeKind.Utc);

    [SkippableFact]
    public async Task The_same_seed_and_clock_give_the_same_data()
    {
        await using var first = await TestDatabase.CreateAsync(provider);
        await using var second = await TestDatabase.CreateAsync(provider);
        var options = new DemoSeedOptions { Leads = 300, Now = Now };

        var a = await DemoSeeder.SeedAsync(first.Database, options);
        var b = await DemoSeeder.SeedAsync(second.Database, options);

        Assert.Equal((a.Leads, a.Activities, a.FollowUps), (b.Leads, b.Activities, b.FollowUps));
        Assert.Equal(await FingerprintAsync(first, a.OrganizationId), await FingerprintAsync(second, b.OrganizationId));
    }

    [SkippableFact]
    public async Task A_different_seed_gives_different_data()
    {
        await using var first = await TestDatabase.CreateAsync(provider);
        await using var second = await TestDatabase.CreateAsync(provider);

        var a = await DemoSeeder.SeedAsync(first.Database, new DemoSeedOptions { Leads = 100, Now = Now });
        var b = await DemoSeeder.SeedAsync(second.Database, new DemoSeedOptions { Leads = 100, Now = Now, RandomSeed = 7 });

        Assert.NotEqual(await FingerprintAsync(first, a.OrganizationId), await FingerprintAsync(second, b.OrganizationId));
    }

    [SkippableFact]
    public async Task The_demo_has_three_campaigns_valid_unique_numbers_and_history_for_the_active_ones()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var result = await DemoSeeder.SeedAsync(database.Database, new DemoSeedOptions { Leads = 600, Now = Now, ApiKey = "k" });
        await using var db = database.Context(result.OrganizationId);

        var campaigns = await db.Campaigns.ToListAsync();
        Assert.Equal([Channel.Phone, Channel.WhatsApp, Channel.Phone], campaigns.OrderBy(c => c.Id).Select(c => c.Channel));
        Assert.Single(campaigns, c => c.Status == CampaignStatus.Draft);
        Assert.All(campaigns, c => Assert.Equal(5, c.Fields.Count));

        var leads = await db.Leads.ToListAsync();
        Assert.Equal(600, leads.Count);
        Assert.All(leads, l => Assert.Equal(l.Phone, PhoneNumberRules.Parse(l.Phone).E164));
        Assert.Equal(leads.Count, leads.Select(l => l.Phone).Distinct().Count());
        Assert.True(leads.Select(l => PhoneNumberRules.RegionOf(l.Phone)).Distinct().Count() >= 5, "numbers come from several countries");

        var draft = campaigns.Single(c => c.Status == CampaignStatus.Draft).Id;
        Assert.False(await db.Activities.AnyAsync(a => a.CampaignId == draft));
        Assert.True(await db.Activities.AnyAsync(a => a.Transcript != null && a.Extracted != null));
        Assert.True(await db.Activities.AnyAsync(a => a.Body != null));
        Assert.Contains(leads, l => l.Status != LeadStatus.New && l.LastActivityAt != null);
        Assert.Equal(1, await db.ApiKeys.CountAsync());

        // Ids follow time, so "newest first" by id is newest first in time.
        var times = await db.Activities.OrderBy(a => a.Id).Select(a => a.OccurredAt).ToListAsync();
        Assert.Equal(times.Order(), times);
    }

    [SkippableFact]
    public async Task Each_demo_organization_is_seeded_once_with_its_sign_in()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var admin = new Domain.Demo.DemoAccount("sam@demo.example", "Sam", "Demo-password-2026");
        DemoSeedOptions[] organizations =
        [
            new() { Leads = 50, Now = Now, Admin = admin },
            new() { OrganizationSlug = "harbor", OrganizationName = "Harbor", Leads = 10, Now = Now, RandomSeed = 3, Admin = admin with { Email = "alex@harbor.example" } },
        ];

        Assert.Equal(2, (await DatabaseInitializer.SeedDemoAsync(database.Database, organizations)).Count);
        Assert.Empty(await DatabaseInitializer.SeedDemoAsync(database.Database, organizations));

        await using var db = database.Context(0);
        var users = await db.Users.OrderBy(u => u.Email).ToListAsync();
        Assert.Equal(["alex@harbor.example", "sam@demo.example"], users.Select(u => u.Email));
        Assert.NotEqual(users[0].OrganizationId, users[1].OrganizationId);
        Assert.All(users, u => Assert.Equal(Domain.Accounts.OrganizationRole.Admin, u.Role));
        var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<Domain.Accounts.LeadActivityUser>();
        Assert.Equal(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Success,
            hasher.VerifyHashedPassword(users[1], users[1].PasswordHash!, "Demo-password-2026"));
    }

    private static async Task<string> FingerprintAsync(TestDatabase database, int organizationId)
    {
        await using var db = database.Context(organizationId);
        var leads = await db.Leads.OrderBy(l => l.Id)
            .Select(l => new { l.Name, l.Phone, l.WhatsApp, l.Email, l.Status, l.Fields, l.LastActivityAt, l.NextFollowUpAt })
            .ToListAsync();
        var activities = await db.Activities.OrderBy(a => a.Id)
            .Select(a => new { a.Kind, a.OccurredAt, a.CallOutcome, a.DeliveryState, a.Summary, a.Body, Phone = a.Lead!.Phone })
            .ToListAsync();
        return JsonColumn.Serialize(new { leads, activities });
    }
}

public sealed class DemoSeedOnSqliteTests() : DemoSeedTests(DatabaseProvider.Sqlite);

public sealed class DemoSeedOnPostgresTests() : DemoSeedTests(DatabaseProvider.Postgres);
