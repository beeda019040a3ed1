using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// Applies <c>Persistence/Migrations</c>. The file is switched to WAL first (a property of the file, so set once), and
/// the planner's statistics are refreshed after.
/// </summary>
internal sealed class SqliteSchemaMigrator(LeadActivityDatabase database) : ISchemaMigrator
{
    // The file is created when it is first opened, and no other app server shares it.
    public Task CreateDatabaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext(0);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        await DatabaseInitializer.RefuseEarlierBuildAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        using var connection = SqliteDatabase.OpenConnection(database.ConnectionString);
        SqliteDatabase.Optimize(connection);
    }
}
