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
    // Activities are sorted by time within a chunk before insert, so ids follow time (the feed reads newest-first by id).
    private const int ChunkSize = 10_000;

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

        if (database.IsPostgres)
            return await SeedWithEfAsync(database, organization.Id, generator.Leads(campaigns, options.Leads), stopwatch, cancellationToken);

        int leads = 0, activities = 0, followUps = 0;
        using var connection = SqliteDatabase.OpenConnection(database.ConnectionString);
        SqliteDatabase.UseBulkCache(connection);
        // A transaction per chunk: a seed is not an import, and small transactions keep the WAL and cache small.
        foreach (var chunk in generator.Leads(campaigns, options.Leads).Chunk(ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction();
            using var writer = new BulkWriter(connection, organization.Id);
            var history = new List<Activity>();
            foreach (var demo in chunk)
            {
                writer.Insert(demo.Lead);
                leads++;
                foreach (var activity in demo.History)
                {
                    activity.LeadId = demo.Lead.Id;
                    history.Add(activity);
                }
                if (demo.FollowUp is { } followUp)
                {
                    followUp.LeadId = demo.Lead.Id;
                    writer.Insert(followUp);
                    followUps++;
                }
            }
            foreach (var activity in history.OrderBy(a => a.OccurredAt))
            {
                writer.Insert(activity);
                activities++;
            }
            transaction.Commit();
        }
        SqliteDatabase.Optimize(connection);
        return new DemoSeedResult(organization.Id, leads, activities, followUps, stopwatch.Elapsed);
    }

    /// <summary>
    /// PostgreSQL's seed goes through EF, a chunk per transaction: its generated search column needs no second write,
    /// and a demo's few thousand leads take a second or two.
    /// </summary>
    private static async Task<DemoSeedResult> SeedWithEfAsync(LeadActivityDatabase database, int organizationId, IEnumerable<DemoLead> generated,
        System.Diagnostics.Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        int leads = 0, activities = 0, followUps = 0;
        foreach (var chunk in generated.Chunk(ChunkSize))
        {
            await using var db = database.CreateContext(organizationId);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Leads.AddRange(chunk.Select(d => d.Lead));
            await db.SaveChangesAsync(cancellationToken);
            foreach (var demo in chunk)
            {
                foreach (var activity in demo.History)
                    activity.LeadId = demo.Lead.Id;
                if (demo.FollowUp is { } followUp)
                {
                    followUp.LeadId = demo.Lead.Id;
                    db.FollowUps.Add(followUp);
                    followUps++;
                }
            }
            var history = chunk.SelectMany(d => d.History).OrderBy(a => a.OccurredAt).ToList();
            // Added in time order, so their ids follow time (the feed reads newest first by id).
            db.Activities.AddRange(history);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            leads += chunk.Length;
            activities += history.Count;
        }
        return new DemoSeedResult(organizationId, leads, activities, followUps, stopwatch.Elapsed);
    }
}
