using LeadActivity.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence;

/// <summary>Brings a database to the current schema, and seeds the demo organization into an empty one.</summary>
public static class DatabaseInitializer
{
    /// <summary>
    /// Applies pending migrations, each provider its own (<c>Persistence/Migrations</c> for SQLite,
    /// <c>Persistence/PostgresMigrations</c> for PostgreSQL). SQLite's file is switched to WAL (a property of the file,
    /// so set once). On PostgreSQL several nodes may start at once: EF takes the migration lock, and the database is
    /// created when missing.
    /// </summary>
    public static async Task MigrateAsync(LeadActivityDatabase database, CancellationToken cancellationToken = default)
    {
        if (database.IsPostgres)
        {
            var options = database.Configure(new DbContextOptionsBuilder<PostgresMigrationsContext>()).Options;
            await using var migrations = new PostgresMigrationsContext((DbContextOptions<PostgresMigrationsContext>)options);
            await RefuseEarlierBuildAsync(migrations, cancellationToken);
            await migrations.Database.MigrateAsync(cancellationToken);
            return;
        }
        await using var db = database.CreateContext(0);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        await RefuseEarlierBuildAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        using var connection = SqliteDatabase.OpenConnection(database.ConnectionString);
        SqliteDatabase.Optimize(connection);
    }

    /// <summary>
    /// The migrations were squashed into one before the first release: a database that applied migrations this build
    /// does not know was made by an earlier build, and migrating it would try to create its tables again.
    /// </summary>
    private static async Task RefuseEarlierBuildAsync(LeadActivityDbContext db, CancellationToken cancellationToken)
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
        await using var turn = await StartupLock.TakeAsync(database, cancellationToken);
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

    /// <summary>
    /// A session-level advisory lock on PostgreSQL for start-up work several nodes must not do at once; held until
    /// disposed. Nothing on SQLite, which has one node.
    /// </summary>
    private sealed class StartupLock : IAsyncDisposable
    {
        private readonly Npgsql.NpgsqlConnection? _connection;

        private StartupLock(Npgsql.NpgsqlConnection? connection) => _connection = connection;

        public static async Task<StartupLock> TakeAsync(LeadActivityDatabase database, CancellationToken cancellationToken)
        {
            if (!database.IsPostgres)
                return new StartupLock(null);
            var connection = (Npgsql.NpgsqlConnection)await database.OpenAsync(cancellationToken);
            await AdvisoryLocks.LockAsync(connection, AdvisoryLocks.Startup, 0, cancellationToken);
            return new StartupLock(connection);
        }

        public async ValueTask DisposeAsync()
        {
            if (_connection is null)
                return;
            try
            {
                await AdvisoryLocks.UnlockAsync(_connection, AdvisoryLocks.Startup, 0);
            }
            finally
            {
                await _connection.DisposeAsync();
            }
        }
    }
}
