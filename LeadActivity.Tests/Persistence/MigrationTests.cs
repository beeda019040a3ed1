using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Persistence;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_leave_nothing_pending()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.Context(0);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();
        Assert.Superset(new HashSet<string> { "Organizations", "Campaigns", "Leads", "Activities", "FollowUps", "Notes", "ApiKeys" }, tables.ToHashSet());
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.Context(0);

        Assert.False(db.Database.HasPendingModelChanges(), "the model changed: add a migration with dotnet ef migrations add");
    }

    [SkippableTheory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_database_from_a_build_before_the_squash_is_refused_with_a_message_saying_to_recreate_it(DatabaseProvider provider)
    {
        TestServers.Require(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Context(0))
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20261126175111_LeadSearchIndex', '10.0.0')""");

        var refused = await Assert.ThrowsAsync<DatabaseConfigurationException>(() => DatabaseInitializer.MigrateAsync(database.Database));

        Assert.Contains("earlier build", refused.Message);
        Assert.Contains("20261126175111_LeadSearchIndex", refused.Message);
    }

    [Fact]
    public async Task Migrating_twice_is_harmless_and_the_file_is_in_WAL_mode()
    {
        await using var database = await TestDatabase.CreateAsync();
        await DatabaseInitializer.MigrateAsync(database.Database);

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}

public sealed class PostgresMigrationTests
{
    [SkippableFact]
    public async Task PostgreSQL_has_its_own_migrations_for_the_whole_model_and_migrating_twice_is_harmless()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await DatabaseInitializer.MigrateAsync(database.Database);

        var options = database.Database.Configure(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<PostgresMigrationsContext>()).Options;
        await using var migrations = new PostgresMigrationsContext((Microsoft.EntityFrameworkCore.DbContextOptions<PostgresMigrationsContext>)options);
        Assert.False(migrations.Database.HasPendingModelChanges(), "the model changed: add a PostgreSQL migration too (see README)");
        Assert.Empty(await migrations.Database.GetPendingMigrationsAsync());
        Assert.Contains(await migrations.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_Initial"));
    }
}
