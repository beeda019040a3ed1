using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Persistence;

/// <summary>Real failures of each database, provoked on a real server or file, come out as the same kinds.</summary>
public abstract class DatabaseErrorsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        if (database is not null)
            await database.DisposeAsync();
    }

    private IDatabaseErrors Errors => database.Database.Stores.Errors;

    [SkippableFact]
    public async Task A_second_organization_with_a_taken_slug_is_a_constraint_failure()
    {
        await database.AddOrganizationAsync("acme");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => database.AddOrganizationAsync("acme"));

        Assert.Equal(DatabaseFailure.Constraint, Errors.Classify(failure));
    }

    [SkippableFact]
    public async Task A_write_that_cannot_get_the_lock_in_time_is_busy()
    {
        await database.AddOrganizationAsync("acme");
        await using var holder = await database.Database.OpenAsync();
        await using (var hold = holder.CreateCommand())
        {
            // SQLite: the write lock of the whole file; PostgreSQL: the organization's row.
            hold.CommandText = provider == DatabaseProvider.Postgres
                ? """BEGIN; UPDATE "Organizations" SET "Name" = 'held' WHERE "Slug" = 'acme'"""
                : "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync();
        }

        await using var waiter = await database.Database.OpenAsync();
        await using (var patience = waiter.CreateCommand())
        {
            patience.CommandText = provider == DatabaseProvider.Postgres ? "SET lock_timeout = '50ms'" : "PRAGMA busy_timeout = 50";
            await patience.ExecuteNonQueryAsync();
        }
        await using var wait = waiter.CreateCommand();
        wait.CommandTimeout = 1; // SQLite's driver retries a busy database until the command's timeout
        wait.CommandText = """UPDATE "Organizations" SET "Name" = 'waiting' WHERE "Slug" = 'acme'""";
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => wait.ExecuteNonQueryAsync());

        Assert.Equal(DatabaseFailure.Busy, Errors.Classify(failure));
    }

    [SkippableFact]
    public async Task A_database_that_cannot_be_reached_is_unavailable()
    {
        var unreachable = provider == DatabaseProvider.Postgres
            ? LeadActivityDatabase.Postgres("Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Timeout=3", Path.GetTempPath())
            : LeadActivityDatabase.Sqlite($"Data Source={NotADatabase()};Pooling=False");
        await using (unreachable)
        {
            await using var db = unreachable.CreateContext(0);
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => db.Organizations.IgnoreQueryFilters().AnyAsync());

            Assert.Equal(DatabaseFailure.Unavailable, unreachable.Stores.Errors.Classify(failure));
        }
    }

    [Fact]
    public void Anything_else_is_not_a_database_failure() =>
        Assert.Equal(DatabaseFailure.None, LeadActivityDatabase.Sqlite("Data Source=:memory:").Stores.Errors.Classify(new InvalidOperationException("a bug")));

    private static string NotADatabase()
    {
        var path = Path.Combine(Path.GetTempPath(), $"leadactivity-not-a-db-{Guid.NewGuid():N}.db");
        File.WriteAllText(path, new string('x', 4096));
        return path;
    }
}

public sealed class DatabaseErrorsOnSqliteTests() : DatabaseErrorsTests(DatabaseProvider.Sqlite);

public sealed class DatabaseErrorsOnPostgresTests() : DatabaseErrorsTests(DatabaseProvider.Postgres);
