using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>Turns the configured PostgreSQL connection string into one that is known to work, and sets up EF and raw connections.</summary>
public static class PostgresDatabase
{
    private const string Setting = "ConnectionStrings:" + LeadActivityDatabase.ConnectionStringName;

    /// <exception cref="DatabaseConfigurationException">The setting cannot work; the message says what to fix.</exception>
    public static string Prepare(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new DatabaseConfigurationException($"{Setting} is empty: with Database:Provider=Postgres set it to e.g. \"Host=db.internal;Database=leadactivity;Username=leadactivity;Password=…\".");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new DatabaseConfigurationException($"{Setting} is not a PostgreSQL connection string ({e.Message.TrimEnd('.')}): use the form \"Host=…;Database=…;Username=…;Password=…\".");
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new DatabaseConfigurationException($"{Setting} names no server: add \"Host=<name>\".");
        if (string.IsNullOrWhiteSpace(builder.Database))
            throw new DatabaseConfigurationException($"{Setting} names no database: add \"Database=<name>\".");
        return builder.ConnectionString;
    }

    public static string DatabaseName(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres";

    internal static NpgsqlDataSource CreateDataSource(string connectionString) => new NpgsqlDataSourceBuilder(connectionString).Build();

    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource);
}
