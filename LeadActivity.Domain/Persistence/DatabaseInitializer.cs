using LeadActivity.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence;

/// <summary>Brings a database to the current schema, and seeds the demo organization into an empty one.</summary>
public static class DatabaseInitializer
{
    /// <summary>Applies pending migrations and switches the file to WAL (a property of the file, so set once).</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var db = SqliteDatabase.CreateContext(connectionString, 0);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        using var connection = SqliteDatabase.OpenConnection(connectionString);
        SqliteDatabase.Optimize(connection);
    }

    /// <summary>
    /// Seeds each demo organization whose slug is not in the database yet, and creates its demo sign-in when missing.
    /// Returns what it seeded (nothing when every organization was there).
    /// </summary>
    public static async Task<IReadOnlyList<DemoSeedResult>> SeedDemoAsync(string connectionString, IReadOnlyList<DemoSeedOptions> organizations, CancellationToken cancellationToken = default)
    {
        var seeded = new List<DemoSeedResult>();
        foreach (var options in organizations)
        {
            var organizationId = await FindOrganizationIdAsync(connectionString, options.OrganizationSlug, cancellationToken);
            if (organizationId is null)
            {
                var result = await DemoSeeder.SeedAsync(connectionString, options, cancellationToken);
                seeded.Add(result);
                organizationId = result.OrganizationId;
            }
            if (options.Admin is { } admin)
            {
                // Created when missing; an existing account is left as its owner changed it.
                await Accounts.OrganizationSetup.EnsureAccountAsync(connectionString, organizationId.Value, admin.Email, admin.DisplayName, admin.Password,
                    admin.Role, options.Now, cancellationToken);
            }
        }
        return seeded;
    }

    /// <summary>The id of the organization with <paramref name="slug"/>, or null.</summary>
    public static async Task<int?> FindOrganizationIdAsync(string connectionString, string slug, CancellationToken cancellationToken = default) =>
        await ScalarAsync(connectionString, "SELECT \"Id\" FROM \"Organizations\" WHERE \"Slug\" = $slug", slug, cancellationToken) is long id
            ? (int)id
            : null;

    // Start-up lookups across organizations, in plain SQL: compiling their LINQ would cost more than the rest of start-up.
    private static async Task<object?> ScalarAsync(string connectionString, string sql, string? slug, CancellationToken cancellationToken)
    {
        await using var connection = SqliteDatabase.OpenConnection(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (slug is not null)
            command.Parameters.AddWithValue("$slug", slug);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
