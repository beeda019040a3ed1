using System.Diagnostics;
using LeadActivity.Domain.Demo;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Npgsql;
using PhoneNumbers;

namespace LeadActivity.Bench;

/// <summary>
/// <c>search-postgres --postgres CONNECTION [--leads N] [--runs R]</c>: the Leads page's query (a page of 50 plus the
/// total) on PostgreSQL over N leads in 10 campaigns, for the same cases as <c>search</c> on SQLite. The database
/// <c>leadactivity_bench_search_N</c> of that server is seeded once and kept for later runs.
/// </summary>
public static class PostgresSearchScenario
{
    private const int PageSize = 50;

    public static async Task RunAsync(BenchArgs args)
    {
        var server = args.String("postgres", "");
        if (server.Length == 0)
            throw new BenchUsageException("search-postgres needs --postgres \"Host=…;Username=…\" (a server the bench may create a database on)");
        var leads = args.Int("leads", 1_000_000);
        var runs = args.Int("runs", 60);
        var name = $"leadactivity_bench_search_{leads}";
        await using var database = LeadActivityDatabase.Postgres(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString,
            Path.GetFullPath("bench/.cache"));
        if (!await HasLeadsAsync(server, name, database, leads))
        {
            Console.Error.WriteLine($"seeding {leads:N0} leads into PostgreSQL database {name} (kept for later runs)…");
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            var stopwatch = Stopwatch.StartNew();
            await DatabaseInitializer.MigrateAsync(database);
            await DemoSeeder.SeedAsync(database, new DemoSeedOptions
            {
                Leads = leads, Campaigns = 10, Now = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc),
            });
            await ExecuteAsync(database.ConnectionString, "VACUUM ANALYZE");
            Console.Error.WriteLine($"seeded in {stopwatch.Elapsed.TotalSeconds:F0} s");
        }
        await DatabaseInitializer.MigrateAsync(database); // a kept database from an older schema catches up

        var sample = await SampleAsync(database);
        var query = new LeadQuery(database, new FixedOrganizationScope(sample.OrganizationId));
        var util = PhoneNumberUtil.GetInstance();
        var phone = util.Parse(sample.Phone, null);
        var cases = new (string Name, LeadFilter Filter)[]
        {
            ("status", new() { Statuses = [LeadStatus.Callback] }),
            ("campaign+status", new() { CampaignId = sample.CampaignId, Statuses = [LeadStatus.Qualified, LeadStatus.Callback] }),
            ("name-prefix", new() { Search = "mull" }),
            ("phone-international", new() { Search = util.Format(phone, PhoneNumberFormat.INTERNATIONAL) }),
            ("phone-national", new() { Search = util.Format(phone, PhoneNumberFormat.NATIONAL) }),
            ("phone-digits", new() { Search = util.GetNationalSignificantNumber(phone) }),
            ("last-4-digits", new() { Search = sample.Phone[^4..] }),
            ("custom-field", new() { Search = sample.Company }),
            ("combined-sorted", new() { CampaignId = sample.CampaignId, Statuses = [LeadStatus.Contacted, LeadStatus.Unreachable], Search = "acme", SortBy = LeadSortField.LastActivity }),
            ("no-match", new() { Search = "zzqxv" }),
            ("name-sorted", new() { SortBy = LeadSortField.Name, Descending = false }),
            ("name-sorted-desc", new() { SortBy = LeadSortField.Name, Descending = true }),
            ("status+name-sorted", new() { Statuses = [LeadStatus.Callback], SortBy = LeadSortField.Name, Descending = false }),
            ("name-prefix+name-sorted", new() { Search = "mull", SortBy = LeadSortField.Name, Descending = false }),
        };
        foreach (var (caseName, filter) in cases)
        {
            var paged = filter with { PageSize = PageSize };
            var total = (await query.PageAsync(paged)).Total;
            for (var i = 0; i < 5; i++)
                await query.PageAsync(paged); // warm-up
            var times = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await query.PageAsync(paged);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            times.Sort();
            BenchOutput.Line("search-postgres", caseName, new Dictionary<string, object>
            {
                ["runs"] = runs, ["total"] = total,
                ["p50_ms"] = times[times.Count / 2],
                ["p95_ms"] = times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)],
            });
        }
    }

    private sealed record Sample(int OrganizationId, int CampaignId, string Phone, string Company);

    /// <summary>A lead from the middle of the data, as the SQLite scenario picks it.</summary>
    private static async Task<Sample> SampleAsync(LeadActivityDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "OrganizationId", "CampaignId", "Phone", "Fields"::jsonb ->> 'company' FROM "Leads"
            WHERE "Phone" LIKE '+1%' AND "Id" >= (SELECT max("Id") / 2 FROM "Leads") ORDER BY "Id" LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Sample(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3));
    }

    private static async Task<bool> HasLeadsAsync(string server, string name, LeadActivityDatabase database, int leads)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync() is null)
                return false;
        }
        try
        {
            await using var connection = await database.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM \"Leads\"";
            return Convert.ToInt64(await count.ExecuteScalarAsync()) == leads;
        }
        catch (PostgresException)
        {
            return false; // not migrated
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
