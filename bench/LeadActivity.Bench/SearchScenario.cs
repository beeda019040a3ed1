using System.Diagnostics;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Domain.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using PhoneNumbers;

namespace LeadActivity.Bench;

/// <summary>
/// <c>search [--leads N] [--runs R] [--db FILE] [--cases A,B]</c>: the Leads page's query (a page of 50 plus the total) over N leads in
/// 10 campaigns, against the hand-written SQL for the same answer on the same database.
/// </summary>
public static class SearchScenario
{
    private const int PageSize = 50;

    public static async Task RunAsync(BenchArgs args)
    {
        var leads = args.Int("leads", 1_000_000);
        var runs = args.Int("runs", 60);
        var path = Path.GetFullPath(args.String("db", $"bench/.cache/search-{leads}.db"));
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        if (!await HasLeadsAsync(connectionString, leads))
        {
            Console.Error.WriteLine($"seeding {leads:N0} leads into {path} (cached for later runs)…");
            var seeded = await SeedScenario.SeedAsync(path, leads, campaigns: 10);
            Console.Error.WriteLine($"seeded {seeded.Rows:N0} rows in {seeded.Elapsed.TotalSeconds:F0} s");
        }

        await DatabaseInitializer.MigrateAsync(LeadActivityDatabase.Sqlite(connectionString)); // a cached database from an older schema catches up
        await using var connection = SqliteDatabase.OpenConnection(connectionString);
        var sample = await SampleAsync(connection);
        // The seed's clock, so "due within 7 days" means the same to the service and to the hand-written SQL.
        var query = new LeadQuery(LeadActivityDatabase.Sqlite(connectionString), new FixedOrganizationScope(sample.OrganizationId), new FixedClock(SeedNow));
        var phone = PhoneNumberUtil.GetInstance().Parse(sample.Phone, null);
        var util = PhoneNumberUtil.GetInstance();

        var cases = new (string Name, LeadFilter Filter, string Where, string? Match, string Order)[]
        {
            ("status", new() { Statuses = [LeadStatus.Callback] }, "l.Status = 'Callback'", null, LastActivity),
            ("campaign+status", new() { CampaignId = sample.CampaignId, Statuses = [LeadStatus.Qualified, LeadStatus.Callback] },
                $"l.CampaignId = {sample.CampaignId} AND l.Status IN ('Qualified', 'Callback')", null, LastActivity),
            ("name-prefix", new() { Search = "mull" }, "1", "{name email fields} : (\"mull\"*)", LastActivity),
            ("phone-international", new() { Search = util.Format(phone, PhoneNumberFormat.INTERNATIONAL) }, "1", Suffix(sample.Phone[1..]), LastActivity),
            ("phone-national", new() { Search = util.Format(phone, PhoneNumberFormat.NATIONAL) }, "1", Suffix(util.GetNationalSignificantNumber(phone)), LastActivity),
            ("phone-digits", new() { Search = util.GetNationalSignificantNumber(phone) }, "1",
                $"{Suffix(util.GetNationalSignificantNumber(phone))} OR {{name email fields}} : (\"{util.GetNationalSignificantNumber(phone)}\"*)", LastActivity),
            ("last-4-digits", new() { Search = sample.Phone[^4..] }, "1", $"{Suffix(sample.Phone[^4..])} OR {{name email fields}} : (\"{sample.Phone[^4..]}\"*)", LastActivity),
            ("custom-field", new() { Search = sample.Company }, "1", $"{{name email fields}} : ({string.Join(" AND ", System.Text.RegularExpressions.Regex.Matches(sample.Company, @"[\p{L}\p{N}]+").Select(w => $"\"{w.Value}\"*"))})", LastActivity),
            ("combined-sorted", new() { CampaignId = sample.CampaignId, Statuses = [LeadStatus.Contacted, LeadStatus.Unreachable], Search = "acme", SortBy = LeadSortField.LastActivity },
                $"l.CampaignId = {sample.CampaignId} AND l.Status IN ('Contacted', 'Unreachable')", "{name email fields} : (\"acme\"*)", LastActivity),
            ("no-match", new() { Search = "zzqxv" }, "1", "{name email fields} : (\"zzqxv\"*)", LastActivity),
            ("name-sorted", new() { SortBy = LeadSortField.Name, Descending = false }, "1", null, ByName),
            ("name-sorted-desc", new() { SortBy = LeadSortField.Name, Descending = true }, "1", null, ByNameDescending),
            ("status+name-sorted", new() { Statuses = [LeadStatus.Callback], SortBy = LeadSortField.Name, Descending = false },
                "l.Status = 'Callback'", null, ByName),
            ("name-prefix+name-sorted", new() { Search = "mull", SortBy = LeadSortField.Name, Descending = false }, "1",
                "{name email fields} : (\"mull\"*)", ByName),
            // The Leads page's richer filters (issue 19), each with the SQL the page's answer takes written by hand.
            ("field-text-contains", Filter($"f.company=has:acme"), "lower(l.Fields ->> '$.company') LIKE '%acme%' ESCAPE '\\'", null, LastActivity),
            ("field-text-contains+campaign", Filter($"campaign={sample.CampaignId}&f.company=has:acme"),
                $"l.CampaignId = {sample.CampaignId} AND lower(l.Fields ->> '$.company') LIKE '%acme%' ESCAPE '\\'", null, LastActivity),
            ("field-text-equals+campaign", Filter($"campaign={sample.CampaignId}&f.city=is:berlin"),
                $"l.CampaignId = {sample.CampaignId} AND lower(l.Fields ->> '$.city') = 'berlin'", null, LastActivity),
            ("field-number-range+campaign", Filter($"campaign={sample.CampaignId}&f.employees=num:100..500"),
                $"l.CampaignId = {sample.CampaignId} AND CAST(l.Fields ->> '$.employees' AS REAL) >= 100.0 AND CAST(l.Fields ->> '$.employees' AS REAL) <= 500.0", null, LastActivity),
            ("field-choice-in+campaign", Filter($"campaign={sample.CampaignId}&f.plan=in:growth|enterprise"),
                $"l.CampaignId = {sample.CampaignId} AND (l.Fields ->> '$.plan') IN ('growth', 'enterprise')", null, LastActivity),
            ("last-activity-7-days", Filter("active=2026-11-20..2026-11-26"),
                $"l.LastActivityAt >= {Day(2026, 11, 20)} AND l.LastActivityAt < {Day(2026, 11, 27)}", null, LastActivity),
            ("created-range", Filter("created=2026-11-04..2026-11-04"), // the seed creates its leads over Nov 3–5
                $"l.CreatedAt >= {Day(2026, 11, 4)} AND l.CreatedAt < {Day(2026, 11, 5)}", null, LastActivity),
            ("last-call-outcome", Filter("outcome=Voicemail"), "l.LastCallOutcome IN ('Voicemail')", null, LastActivity),
            ("country", Filter("country=GB"), "l.Country IN ('GB')", null, LastActivity),
            ("follow-up-due-7-days", Filter("due=7d"), $"l.NextFollowUpAt < {SeedNow.AddDays(7).Ticks}", null, LastActivity),
            ("never-contacted", Filter("never=1"), "l.LastActivityAt IS NULL", null, LastActivity),
            ("status+country+outcome", Filter("status=contacted&country=US&outcome=NoAnswer"),
                "l.Status IN ('Contacted') AND l.LastCallOutcome IN ('NoAnswer') AND l.Country IN ('US')", null, LastActivity),
            ("field+search", Filter("f.employees=num:1000..&q=mull"), "CAST(l.Fields ->> '$.employees' AS REAL) >= 1000.0", "{name email fields} : (\"mull\"*)", LastActivity),
            ("field-sorted+campaign", Filter($"campaign={sample.CampaignId}&sort=n.employees-asc"), $"l.CampaignId = {sample.CampaignId}", null,
                "CASE WHEN CAST(l.Fields ->> '$.employees' AS REAL) IS NULL THEN 1 ELSE 0 END, CAST(l.Fields ->> '$.employees' AS REAL) ASC, l.Id ASC"),
        };

        // --cases a,b runs only those cases (a slow full-scan case at 60 runs takes minutes on a busy machine).
        var only = args.String("cases", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (name, filter, where, match, order) in cases.Where(c => only.Length == 0 || only.Contains(c.Name)))
        {
            var paged = filter with { PageSize = PageSize };
            var serviceTotal = (await query.PageAsync(paged)).Total; // the answer the SQL must agree with
            var sqlTotal = HandWritten(connection, sample.OrganizationId, where, match, order);
            Measure(5, () => query.PageAsync(paged).GetAwaiter().GetResult()); // warm-up
            Measure(5, () => HandWritten(connection, sample.OrganizationId, where, match, order));
            if (sqlTotal != serviceTotal)
                Console.Error.WriteLine($"warning: {name}: service found {serviceTotal}, hand-written SQL {sqlTotal}");

            var service = Measure(runs, () => query.PageAsync(paged).GetAwaiter().GetResult());
            var sql = Measure(runs, () => HandWritten(connection, sample.OrganizationId, where, match, order));
            BenchOutput.Line("search", name, new Dictionary<string, object>
            {
                ["runs"] = runs,
                ["total"] = serviceTotal,
                ["p50_ms"] = Percentile(service, 50),
                ["p95_ms"] = Percentile(service, 95),
                ["sql_p50_ms"] = Percentile(sql, 50),
                ["sql_p95_ms"] = Percentile(sql, 95),
                ["ratio_p95"] = Percentile(service, 95) / Math.Max(Percentile(sql, 95), 0.001),
            });
        }
    }

    private const string LastActivity = "l.LastActivityAt DESC, l.Id DESC";

    /// <summary>The seed's "now" (<see cref="SeedScenario"/>).</summary>
    private static readonly DateTime SeedNow = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    private static LeadFilter Filter(string query) => LeadFilter.FromQuery(
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString())));

    private static long Day(int year, int month, int day) => new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
    private const string ByName = "l.SortName ASC, l.Name ASC, l.Id ASC";
    private const string ByNameDescending = "l.SortName DESC, l.Name DESC, l.Id DESC";

    private static string Suffix(string digits) => $"phones : (\"{new string(digits.Reverse().ToArray())}\"*)";

    /// <summary>
    /// The same answer as the service, written by hand: a search's matching ids (after every filter) into a temporary
    /// table and counted, or the count from the covering indexes; then the page's ids and their rows. So the ratio
    /// shows what the service adds around its SQL.
    /// </summary>
    private static int HandWritten(SqliteConnection connection, int organizationId, string where, string? match, string order)
    {
        var search = match is null ? "" : "AND l.Id IN (SELECT id FROM temp.bench_hits)";
        int total;
        if (match is not null)
        {
            using var hits = connection.CreateCommand();
            hits.CommandText = $"""
                CREATE TEMP TABLE IF NOT EXISTS bench_hits (id INTEGER PRIMARY KEY);
                DELETE FROM temp.bench_hits;
                INSERT INTO temp.bench_hits SELECT l.Id FROM Leads l
                WHERE l.OrganizationId = $org AND {where} AND l.Id IN (SELECT rowid FROM LeadSearch WHERE LeadSearch MATCH $match);
                SELECT COUNT(*) FROM temp.bench_hits;
                """;
            hits.Parameters.AddWithValue("$match", match);
            hits.Parameters.AddWithValue("$org", organizationId);
            total = Convert.ToInt32(hits.ExecuteScalar());
            where = "1";
        }
        else
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM Leads l WHERE l.OrganizationId = $org AND {where}";
            count.Parameters.AddWithValue("$org", organizationId);
            total = Convert.ToInt32(count.ExecuteScalar());
        }
        if (total == 0)
            return 0;

        using var page = connection.CreateCommand();
        var walk = match is not null && total > 2_000 && order == LastActivity ? "INDEXED BY IX_Leads_OrganizationId_LastActivityAt" : "";
        page.CommandText = $"""
            WITH page AS (SELECT l.Id FROM Leads l {walk} WHERE l.OrganizationId = $org AND {where} {search} ORDER BY {order} LIMIT {PageSize})
            SELECT l.Id, l.Name, l.Phone, l.WhatsApp, l.Email, l.CampaignId, c.Name, l.Status, l.LastActivityAt, l.NextFollowUpAt, l.CreatedAt
            FROM page JOIN Leads l ON l.Id = page.Id JOIN Campaigns c ON c.Id = l.CampaignId
            ORDER BY {order}
            """;
        page.Parameters.AddWithValue("$org", organizationId);
        using var reader = page.ExecuteReader();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
                _ = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
        return total;
    }

    private static List<double> Measure(int runs, Action action)
    {
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private sealed record Sample(int OrganizationId, int CampaignId, string Phone, string Company);

    /// <summary>A lead from the middle of the data, whose number, campaign and company the cases search for.</summary>
    private static async Task<Sample> SampleAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT OrganizationId, CampaignId, Phone, json_extract(Fields, '$.company') FROM Leads
            WHERE Phone LIKE '+1%' AND Id >= (SELECT MAX(Id) / 2 FROM Leads) ORDER BY Id LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Sample(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3));
    }

    private static async Task<bool> HasLeadsAsync(string connectionString, int leads)
    {
        if (!File.Exists(new SqliteConnectionStringBuilder(connectionString).DataSource))
            return false;
        try
        {
            await using var connection = SqliteDatabase.OpenConnection(connectionString);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Leads";
            return Convert.ToInt32(await command.ExecuteScalarAsync()) == leads;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
