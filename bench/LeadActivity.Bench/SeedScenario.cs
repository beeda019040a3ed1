using LeadActivity.Domain.Demo;
using LeadActivity.Domain.Persistence;
using LeadActivity.Domain.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace LeadActivity.Bench;

/// <summary><c>seed --leads N --db FILE [--campaigns C]</c>: generates N leads with history into a fresh database file.</summary>
public static class SeedScenario
{
    public static async Task RunAsync(BenchArgs args)
    {
        var leads = args.Int("leads", 100_000);
        var campaigns = args.Int("campaigns", 10);
        var path = Path.GetFullPath(args.String("db", "bench/.cache/seed.db"));
        var result = await SeedAsync(path, leads, campaigns);
        BenchOutput.Line("seed", "leads", new Dictionary<string, object>
        {
            ["leads"] = result.Leads,
            ["activities"] = result.Activities,
            ["follow_ups"] = result.FollowUps,
            ["rows"] = result.Rows,
            ["seconds"] = result.Elapsed.TotalSeconds,
            ["rows_per_s"] = result.Rows / result.Elapsed.TotalSeconds,
            ["db_mb"] = new FileInfo(path).Length / 1048576.0,
        });
    }

    /// <summary>Replaces <paramref name="path"/> with a migrated database holding the generated organization.</summary>
    public static async Task<DemoSeedResult> SeedAsync(string path, int leads, int campaigns, string? apiKey = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        await DatabaseInitializer.MigrateAsync(LeadActivityDatabase.Sqlite(connectionString));
        var result = await DemoSeeder.SeedAsync(LeadActivityDatabase.Sqlite(connectionString), new DemoSeedOptions
        {
            Leads = leads,
            Campaigns = campaigns,
            Now = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc),
            ApiKey = apiKey,
        });
        await using (var connection = SqliteDatabase.OpenConnection(connectionString))
        await using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        return result;
    }
}
