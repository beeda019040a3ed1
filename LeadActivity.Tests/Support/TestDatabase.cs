using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadActivity.Tests.Support;

/// <summary>
/// A real, migrated database of its own for one test, dropped when the test ends: a SQLite file in the temp folder,
/// or a database on the test PostgreSQL server (see <see cref="TestServers"/>), copied from a template migrated once
/// per test run.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(LeadActivityDatabase database, string? path)
    {
        Database = database;
        Path = path;
    }

    public LeadActivityDatabase Database { get; }

    public DatabaseProvider Provider => Database.Provider;

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? Path { get; }

    public string ConnectionString => Database.ConnectionString;

    public static string NewPath() =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "leadactivity-tests", $"{Guid.NewGuid():N}.db");

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        if (provider == DatabaseProvider.Postgres)
            return new TestDatabase(await PostgresTestDatabases.CreateAsync(migrated: true), null);
        var path = NewPath();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var database = new TestDatabase(LeadActivityDatabase.Sqlite(SqliteConnectionString(path)), path);
        await DatabaseInitializer.MigrateAsync(database.Database);
        return database;
    }

    /// <summary>An unpooled connection string for a SQLite file, so the file can be deleted when the test ends.</summary>
    public static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    public LeadActivityDbContext Context(int organizationId) => Database.CreateContext(organizationId);

    public IDbContextFactory<LeadActivityDbContext> Factory(int organizationId) => Database.CreateFactory(organizationId);

    public async Task<int> AddOrganizationAsync(string slug)
    {
        await using var db = Context(0);
        var organization = new Organization { Name = slug, Slug = slug, CreatedAt = DateTime.UtcNow };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    }

    public async Task<Campaign> AddCampaignAsync(int organizationId, string name = "Spring", Channel channel = Channel.Phone, string region = "US")
    {
        await using var db = Context(organizationId);
        var campaign = new Campaign
        {
            Name = name, Channel = channel, Status = CampaignStatus.Active, DefaultRegion = region,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign;
    }

    public ValueTask DisposeAsync() => RemoveAsync(Database);

    /// <summary>
    /// Removes a test's database and what its node kept on disk (imports): the SQLite file, or the PostgreSQL database.
    /// </summary>
    public static async ValueTask RemoveAsync(LeadActivityDatabase database)
    {
        await database.DisposeAsync();
        var imports = database.FolderFor("imports");
        if (Directory.Exists(imports))
            Directory.Delete(imports, recursive: true);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await PostgresTestDatabases.DropAsync(database.ConnectionString);
            return;
        }
        SqliteConnection.ClearAllPools();
        var path = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
    }
}

/// <summary>
/// Databases on the test PostgreSQL server, one per test (or per app under test). Creating one from a migrated
/// template copies files instead of replaying the migrations: tens of milliseconds instead of seconds.
/// </summary>
public static class PostgresTestDatabases
{
    private static readonly string Prefix = $"la_test_{Environment.ProcessId}_";
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    /// <summary>The folder the test databases' nodes keep their files in.</summary>
    public static string DataFolder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "leadactivity-tests", "postgres");

    /// <summary>A new database; <paramref name="migrated"/> copies the migrated template, otherwise it is empty (the app migrates it).</summary>
    public static async Task<LeadActivityDatabase> CreateAsync(bool migrated)
    {
        var server = TestServers.RequirePostgres();
        var name = $"{Prefix}{Guid.NewGuid():N}";
        var template = migrated ? await TemplateAsync(server) : "template0";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return LeadActivityDatabase.Postgres(ConnectionString(server, name), DataFolder);
    }

    public static string ConnectionString(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 20 }.ConnectionString;

    public static async Task DropAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync(TestServers.RequirePostgres(), $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task<string> TemplateAsync(string server)
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is { } ready)
                return ready;
            var name = $"{Prefix}template";
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE template0");
            await using (var database = LeadActivityDatabase.Postgres(ConnectionString(server, name), DataFolder))
                await DatabaseInitializer.MigrateAsync(database);
            NpgsqlConnection.ClearAllPools(); // a template must have no open connections to be copied
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropAllAsync(server).GetAwaiter().GetResult();
            return _template = name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    /// <summary>At the end of the run, whatever this process left (a test that died before its dispose, the template).</summary>
    private static async Task DropAllAsync(string server)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            var names = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @prefix", connection))
            {
                list.Parameters.AddWithValue("prefix", Prefix + "%");
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    names.Add(reader.GetString(0));
            }
            foreach (var name in names)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // The server went first; its data folder is thrown away with it.
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
