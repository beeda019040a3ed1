using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using LeadActivity.Domain.Persistence.Postgres;
using LeadActivity.Domain.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace LeadActivity.Domain.Persistence;

/// <summary>The database servers LeadActivity runs on: <c>Database:Provider</c>.</summary>
public enum DatabaseProvider
{
    /// <summary>A file beside the app: the default, for one app server.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, which several app servers can share.</summary>
    Postgres,
}

/// <summary>
/// The app's database: which provider, where, and how to reach it, both through EF (contexts) and raw connections for
/// the paths where the benchmarks show EF to be the bottleneck (search, bulk writes). Made once per app (or test)
/// from the validated settings; everything that needs the database takes this instead of a connection string.
/// </summary>
public sealed class LeadActivityDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    private readonly string? _dataFolder;

    private LeadActivityDatabase(DatabaseProvider provider, string connectionString, string? dataFolder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dataFolder = dataFolder;
        if (provider == DatabaseProvider.Postgres)
            _postgres = PostgresDatabase.CreateDataSource(connectionString);
        // The one place that chooses by database: everything else takes its seam from here.
        Stores = provider == DatabaseProvider.Postgres ? PostgresStores.Create(this) : SqliteStores.Create(this);
    }

    /// <summary>The name of its connection string: <c>ConnectionStrings:LeadActivity</c>.</summary>
    public const string ConnectionStringName = "LeadActivity";

    public DatabaseProvider Provider { get; }

    /// <summary>This database's implementations of the features' storage seams.</summary>
    public DatabaseStores Stores { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// The database the settings name: <c>Database:Provider</c> (<see cref="DatabaseSettings"/>) and the connection
    /// string, checked; a relative SQLite path or data folder is relative to <paramref name="baseDirectory"/>.
    /// </summary>
    /// <exception cref="DatabaseConfigurationException">A setting cannot work; the message says what to fix.</exception>
    public static LeadActivityDatabase FromSettings(DatabaseSettings settings, string? connectionString, string baseDirectory)
    {
        var configured = settings.Provider;
        if (!Enum.TryParse<DatabaseProvider>(string.IsNullOrWhiteSpace(configured) ? nameof(DatabaseProvider.Sqlite) : configured, ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider))
            throw new DatabaseConfigurationException($"Database:Provider is “{configured}”: set it to Sqlite (the default) or Postgres.");
        if (provider == DatabaseProvider.Sqlite)
            return Sqlite(SqliteDatabase.Prepare(connectionString, baseDirectory));
        // Files a node keeps for itself (uploads while they are imported) stay on the node that received them.
        var dataFolder = Path.GetFullPath(settings.DataFolder is { Length: > 0 } folder ? folder : "data", baseDirectory);
        return Postgres(PostgresDatabase.Prepare(connectionString), dataFolder);
    }

    /// <summary>Where the database is, for the log: a file, or a database on a server (never the password).</summary>
    public string Description => _postgres is null
        ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource
        : new NpgsqlConnectionStringBuilder(ConnectionString) is var server ? $"{server.Database} on {server.Host}:{server.Port}" : "";

    /// <summary>
    /// A failure to open, migrate or seed the database at start-up, as the one line that says what to fix; null when
    /// <paramref name="exception"/> is not the database's.
    /// </summary>
    public DatabaseConfigurationException? StartupFailure(Exception exception) => exception switch
    {
        Microsoft.Data.Sqlite.SqliteException e => new DatabaseConfigurationException(
            $"the database {Description} cannot be opened or migrated (SQLite: {e.Message.TrimEnd('.')}): fix or remove the file, or point ConnectionStrings:LeadActivity elsewhere."),
        NpgsqlException e => new DatabaseConfigurationException(
            $"the PostgreSQL database {Description} cannot be reached or migrated ({e.Message.TrimEnd('.')}): check the server, the credentials and ConnectionStrings:LeadActivity."),
        _ => null,
    };

    public static LeadActivityDatabase Sqlite(string connectionString) => new(DatabaseProvider.Sqlite, connectionString, null);

    /// <param name="dataFolder">This node's folder for files (uploads); a PostgreSQL server has no folder beside it.</param>
    public static LeadActivityDatabase Postgres(string connectionString, string dataFolder) =>
        new(DatabaseProvider.Postgres, connectionString, dataFolder);

    /// <summary>
    /// A folder for this database's files on this node (uploads being imported): beside a SQLite file,
    /// <c>{database}-{name}</c>; for PostgreSQL, under the node's data folder, per database.
    /// </summary>
    public string FolderFor(string name) => _dataFolder is { } folder
        ? Path.Combine(folder, $"{PostgresDatabase.DatabaseName(ConnectionString)}-{name}")
        : SqliteDatabase.BesideDatabase(ConnectionString, name);

    /// <summary>Sets up EF for this database.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options)
    {
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new StoresOptionsExtension(Stores));
        return _postgres is { } dataSource ? PostgresDatabase.Configure(options, dataSource) : options.UseLeadActivitySqlite(ConnectionString);
    }

    public DbContextOptions<LeadActivityDbContext> Options() =>
        (DbContextOptions<LeadActivityDbContext>)Configure(new DbContextOptionsBuilder<LeadActivityDbContext>()).Options;

    /// <summary>A context outside dependency injection (start-up, background work, benchmark, tests), scoped to one organization.</summary>
    public LeadActivityDbContext CreateContext(int organizationId) => new(Options(), new Organizations.FixedOrganizationScope(organizationId));

    /// <summary>A context factory outside dependency injection, scoped to one organization.</summary>
    public IDbContextFactory<LeadActivityDbContext> CreateFactory(int organizationId) => new FixedScopeFactory(this, organizationId);

    /// <summary>An open raw connection, set up like EF's. Opening one from the pool costs microseconds; EF's about 0.3 ms.</summary>
    public DbConnection Open() => _postgres is { } dataSource ? dataSource.OpenConnection() : SqliteDatabase.OpenConnection(ConnectionString);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => _postgres is { } dataSource
        ? await dataSource.OpenConnectionAsync(cancellationToken)
        : SqliteDatabase.OpenConnection(ConnectionString);

    /// <summary>A parameter for a raw command of this database: <c>@name</c> in the SQL, for both providers.</summary>
    public static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;

    private sealed class FixedScopeFactory(LeadActivityDatabase database, int organizationId) : IDbContextFactory<LeadActivityDbContext>
    {
        public LeadActivityDbContext CreateDbContext() => database.CreateContext(organizationId);
    }
}
