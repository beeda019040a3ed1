using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// Applies <c>Persistence/PostgresMigrations</c>, kept apart from SQLite's by their own context type. Nodes starting
/// together take turns (<see cref="DatabaseInitializer.PrepareAsync"/> holds the start-up lock around migrating and
/// seeding); the database itself is created first, when missing, which they may race at.
/// </summary>
internal sealed class PostgresSchemaMigrator(LeadActivityDatabase database) : ISchemaMigrator
{
    public async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        try
        {
            await using var probe = new NpgsqlConnection(target.ConnectionString);
            await probe.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: created below from the server's maintenance database.
        }
        var name = target.Database!;
        foreach (var maintenance in new[] { "postgres", "template1" })
        {
            var server = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = maintenance, Pooling = false };
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName && maintenance == "postgres")
            {
                continue;
            }
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another node created it a moment ago (a unique violation when both got past the name check at once).
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                throw new DatabaseConfigurationException(
                    $"the PostgreSQL database {database.Description} does not exist and the role {target.Username} may not create it: create it (owned by that role), or grant the role CREATEDB.");
            }
            return;
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var options = database.Configure(new DbContextOptionsBuilder<PostgresMigrationsContext>()).Options;
        await using var migrations = new PostgresMigrationsContext((DbContextOptions<PostgresMigrationsContext>)options);
        await DatabaseInitializer.RefuseEarlierBuildAsync(migrations, cancellationToken);
        await migrations.Database.MigrateAsync(cancellationToken);
    }
}
