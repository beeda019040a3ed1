using LeadActivity.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence;

/// <summary>Brings a database to the current schema, and seeds the demo organization into an empty one.</summary>
public static class DatabaseInitializer
{
    /// <summary>
    /// Applies pending migrations, each database its own (<c>Persistence/Migrations</c> for SQLite,
    /// <c>Persistence/PostgresMigrations</c> for PostgreSQL); several nodes may start at once.
    /// </summary>
    public static async Task MigrateAsync(LeadActivityDatabase database, CancellationToken cancellationToken = default)
    {
        await database.Stores.Schema.CreateDatabaseAsync(cancellationToken);
        await using var turn = await database.Stores.Locks.HoldAsync(ClusterLock.Startup, 0, cancellationToken);
        await database.Stores.Schema.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// Start-up's database work: creates the database when missing, then migrates it and seeds the demo
    /// (<paramref name="organizations"/>; none when the demo is off) as one turn. App servers starting together on one
    /// PostgreSQL database take that turn one after the other (an advisory lock): two applying the same migration at
    /// once fail on each other's objects, and two seeding would each find the demo missing.
    /// </summary>
    public static async Task<IReadOnlyList<DemoSeedResult>> PrepareAsync(LeadActivityDatabase database, IReadOnlyList<DemoSeedOptions> organizations,
        CancellationToken cancellationToken = default)
    {
        await database.Stores.Schema.CreateDatabaseAsync(cancellationToken);
        await using var turn = await database.Stores.Locks.HoldAsync(ClusterLock.Startup, 0, cancellationToken);
        await database.Stores.Schema.MigrateAsync(cancellationToken);
        return await SeedWhileHoldingTurnAsync(database, organizations, cancellationToken);
    }

    /// <summary>
    /// The migrations were squashed into one before the first release: a database that applied migrations this build
    /// does not know was made by an earlier build, and migrating it would try to create its tables again.
    /// </summary>
    internal static async Task RefuseEarlierBuildAsync(LeadActivityDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
            return;
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
            throw new DatabaseConfigurationException(
                $"the database was created by an earlier build of LeadActivity (migration {unknown[0]} is no longer known): delete it, or point ConnectionStrings:LeadActivity at a new one, and start again.");
    }

    /// <summary>
    /// Seeds each demo organization whose slug is not in the database yet, and creates its demo sign-in when missing.
    /// Returns what it seeded (nothing when every organization was there).
    /// </summary>
    public static async Task<IReadOnlyList<DemoSeedResult>> SeedDemoAsync(LeadActivityDatabase database, IReadOnlyList<DemoSeedOptions> organizations, CancellationToken cancellationToken = default)
    {
        // App servers starting together on one PostgreSQL database would each find the demo missing and seed it
        // twice: they take turns, and the second finds it there.
        await using var turn = await database.Stores.Locks.HoldAsync(ClusterLock.Startup, 0, cancellationToken);
        return await SeedWhileHoldingTurnAsync(database, organizations, cancellationToken);
    }

    private static async Task<IReadOnlyList<DemoSeedResult>> SeedWhileHoldingTurnAsync(LeadActivityDatabase database, IReadOnlyList<DemoSeedOptions> organizations,
        CancellationToken cancellationToken)
    {
        var seeded = new List<DemoSeedResult>();
        foreach (var options in organizations)
        {
            var organizationId = await FindOrganizationIdAsync(database, options.OrganizationSlug, cancellationToken);
            if (organizationId is null)
            {
                var result = await DemoSeeder.SeedAsync(database, options, cancellationToken);
                seeded.Add(result);
                organizationId = result.OrganizationId;
            }
            if (options.Admin is { } admin)
            {
                // Created when missing; an existing account is left as its owner changed it.
                await Accounts.OrganizationSetup.EnsureAccountAsync(database, organizationId.Value, admin.Email, admin.DisplayName, admin.Password,
                    admin.Role, options.Now, cancellationToken);
            }
        }
        return seeded;
    }

    /// <summary>The id of the organization with <paramref name="slug"/>, or null.</summary>
    public static async Task<int?> FindOrganizationIdAsync(LeadActivityDatabase database, string slug, CancellationToken cancellationToken = default) =>
        await ScalarAsync(database, "SELECT \"Id\" FROM \"Organizations\" WHERE \"Slug\" = @slug", slug, cancellationToken) is { } id and not DBNull
            ? Convert.ToInt32(id)
            : null;

    // Start-up lookups across organizations, in plain SQL: compiling their LINQ would cost more than the rest of start-up.
    private static async Task<object?> ScalarAsync(LeadActivityDatabase database, string sql, string? slug, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (slug is not null)
            LeadActivityDatabase.Parameter(command, "@slug", slug);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
