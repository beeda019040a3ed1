using LeadActivity.Domain.Activities;
using LeadActivity.Domain.ApiKeys;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Demo;

/// <summary>What to seed: one organization with campaigns and generated leads.</summary>
public sealed record DemoSeedOptions
{
    public string OrganizationName { get; init; } = "Demo Company";
    public string OrganizationSlug { get; init; } = "demo";
    public int Leads { get; init; } = 2000;

    /// <summary>0 seeds the three demo campaigns (phone, WhatsApp, draft); more seeds that many active campaigns.</summary>
    public int Campaigns { get; init; }

    public int RandomSeed { get; init; } = 20261126;

    /// <summary>The moment the history ends; the demo's data is "now"-relative.</summary>
    public required DateTime Now { get; init; }

    /// <summary>An API key to register for the organization (its hash), or null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The organization's demo sign-in, created when missing, or null for none.</summary>
    public DemoAccount? Admin { get; init; }
}

public sealed record DemoSeedResult(int OrganizationId, int Leads, int Activities, int FollowUps, TimeSpan Elapsed)
{
    public int Rows => Leads + Activities + FollowUps;
}

/// <summary>Writes generated demo data into a migrated database, leads and history in one transaction.</summary>
public static class DemoSeeder
{
    public static async Task<DemoSeedResult> SeedAsync(LeadActivityDatabase database, DemoSeedOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var generator = new DemoDataGenerator(options.RandomSeed, options.Now);
        var organization = new Organization { Name = options.OrganizationName, Slug = options.OrganizationSlug, CreatedAt = options.Now };
        var campaigns = options.Campaigns > 0 ? generator.Campaigns(options.Campaigns) : generator.DemoCampaigns();

        await using (var db = database.CreateContext(0))
        {
            db.AllowWritesAcrossOrganizations();
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(cancellationToken);
        }
        await using (var db = database.CreateContext(organization.Id))
        {
            db.Campaigns.AddRange(campaigns);
            if (options.ApiKey is { Length: > 0 } key)
                db.ApiKeys.Add(new ApiKey
                {
                    Name = "Demo agent", KeyHash = ApiKey.Hash(key), Hint = ApiKey.HintOf(key), CreatedBy = "the settings file",
                    CreatedAt = options.Now,
                });
            await db.SaveChangesAsync(cancellationToken);
        }

        var (leads, activities, followUps) = await database.Stores.DemoLeads.WriteAsync(organization.Id, generator.Leads(campaigns, options.Leads), cancellationToken);
        return new DemoSeedResult(organization.Id, leads, activities, followUps, stopwatch.Elapsed);
    }
}
