using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// Applies <c>Persistence/PostgresMigrations</c>, kept apart from SQLite's by their own context type. Several nodes
/// may start at once: EF takes the migration lock, and the database is created when missing.
/// </summary>
internal sealed class PostgresSchemaMigrator(LeadActivityDatabase database) : ISchemaMigrator
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var options = database.Configure(new DbContextOptionsBuilder<PostgresMigrationsContext>()).Options;
        await using var migrations = new PostgresMigrationsContext((DbContextOptions<PostgresMigrationsContext>)options);
        await DatabaseInitializer.RefuseEarlierBuildAsync(migrations, cancellationToken);
        await migrations.Database.MigrateAsync(cancellationToken);
    }
}
