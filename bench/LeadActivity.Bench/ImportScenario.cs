using System.Diagnostics;
using System.Globalization;
using System.Text;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.Data.Sqlite;
using PhoneNumbers;

namespace LeadActivity.Bench;

/// <summary>
/// <c>import [--rows N] [--runs R]</c>: a CSV of N leads (phone, name, email, 5 custom fields; 2% invalid, 2%
/// duplicates) through the import service the campaign page uses — preview, then the commit job (parse, validate,
/// dedupe, insert, index) — into a fresh database; and, where the <c>sqlite3</c> tool is installed, the floor this
/// machine allows: <c>.import</c> of the same file into a table with the same unique phone index and search index.
/// <c>--warmup N</c> (default: one import of the same size up to 200,000 rows, else none) first imports N rows
/// unmeasured, so the runs measure the server as it is after its first import, its import path compiled and tuned by
/// the JIT (tiered compilation, dynamic PGO), rather than a cold process: a cold first import of 100k rows takes about
/// 0.5 s longer.
/// </summary>
public static class ImportScenario
{
    private static readonly CustomFieldDefinition[] Fields =
    [
        new("company", "Company", CustomFieldType.Text),
        new("budget", "Budget", CustomFieldType.Number),
        new("signup_date", "Signup date", CustomFieldType.Date),
        new("opted_in", "Opted in", CustomFieldType.Boolean),
        new("plan", "Plan", CustomFieldType.Choice, Options: ["Basic", "Pro", "Enterprise"]),
    ];

    public static async Task RunAsync(BenchArgs args)
    {
        var rows = args.Int("rows", 100_000);
        var runs = args.Int("runs", rows > 200_000 ? 1 : 3);
        var cache = Path.GetFullPath("bench/.cache");
        Directory.CreateDirectory(cache);
        var csv = Path.Combine(cache, $"import-{rows}.csv");
        if (!File.Exists(csv))
            WriteCsv(csv, rows);
        // Not before a million rows: that run is about memory, and what a warm-up freed stays in the process's working set.
        if (args.Int("warmup", rows > 200_000 ? 0 : rows) is > 0 and var warmupRows)
        {
            var warmup = Path.Combine(cache, $"import-{warmupRows}.csv");
            if (!File.Exists(warmup))
                WriteCsv(warmup, warmupRows);
            var (_, warm) = await ImportAsync(warmup, Path.Combine(cache, "import-warmup.db"));
            Console.Error.WriteLine($"  warm-up: {warmupRows:N0} rows in {warm.TotalSeconds:0.00} s (not measured)");
            ForgetDatabases();
        }

        for (var run = 0; run < runs; run++)
        {
            var (preview, commit) = await ImportAsync(csv, Path.Combine(cache, "import-bench.db"));
            ForgetDatabases();
            BenchOutput.Line("import", "service", new Dictionary<string, object>
            {
                ["rows"] = rows,
                ["seconds"] = commit.TotalSeconds,
                ["rows_per_s"] = rows / commit.TotalSeconds,
                ["peak_ws_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
                ["preview_seconds"] = preview.TotalSeconds,
            });
            if (FloorSeconds(csv, Path.Combine(cache, "import-floor.db")) is { } floor)
            {
                BenchOutput.Line("import", "sqlite3-floor", new Dictionary<string, object>
                {
                    ["rows"] = rows,
                    ["seconds"] = floor,
                    ["ratio"] = commit.TotalSeconds / floor,
                });
            }
        }
    }

    /// <summary>
    /// Closes the pooled connections of the databases a run used (a server has one database, not one per run): their
    /// page caches and memory maps would otherwise stay in this process's working set and add up run after run.
    /// </summary>
    private static void ForgetDatabases()
    {
        SqliteConnection.ClearAllPools();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static async Task<(TimeSpan Preview, TimeSpan Commit)> ImportAsync(string csv, string path)
    {
        Delete(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        await DatabaseInitializer.MigrateAsync(LeadActivityDatabase.Sqlite(connectionString));
        int organizationId, campaignId;
        await using (var db = LeadActivityDatabase.Sqlite(connectionString).CreateContext(0))
        {
            var organization = new Organization { Name = "Bench", Slug = "bench", CreatedAt = DateTime.UtcNow };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            organizationId = organization.Id;
        }
        await using (var db = LeadActivityDatabase.Sqlite(connectionString).CreateContext(organizationId))
        {
            var campaign = new Campaign { Name = "Imported", Channel = Channel.Phone, Status = CampaignStatus.Draft, Fields = [.. Fields] };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            campaignId = campaign.Id;
        }

        var connections = LeadActivityDatabase.Sqlite(connectionString);
        var storage = ImportStorage.For(LeadActivityDatabase.Sqlite(connectionString));
        if (Directory.Exists(storage.Folder))
            Directory.Delete(storage.Folder, recursive: true);
        await using var jobs = new LeadImportJobs(connections, storage, LeadActivity.Domain.AppNode.Create(), TimeProvider.System, new StderrLogger());
        var importer = new LeadImporter(LeadActivityDatabase.Sqlite(connectionString).CreateFactory(organizationId), new FixedOrganizationScope(organizationId), connections, storage, jobs,
            new FixedUser("bench", "Bench"), TimeProvider.System, new ImportSettings(long.MaxValue));

        ImportUpload upload;
        await using (var file = File.OpenRead(csv))
            upload = await importer.SaveUploadAsync(file, "leads.csv", file.Length);

        Memory("before preview");
        var stopwatch = Stopwatch.StartNew();
        var preview = await importer.PreviewAsync(campaignId, upload) ?? throw new InvalidOperationException("no campaign");
        var previewTime = stopwatch.Elapsed;
        if (!preview.CanCommit)
            throw new InvalidOperationException(string.Join(" ", preview.Problems));

        Memory("after preview");
        stopwatch.Restart();
        var (id, error) = await importer.StartAsync(campaignId, preview, ExistingLeadAction.Skip);
        if (id is null)
            throw new InvalidOperationException(error);
        await jobs.WhenFinishedAsync(id.Value);
        var commitTime = stopwatch.Elapsed;
        Memory("after commit");

        var import = await importer.FindAsync(id.Value);
        if (import?.State != LeadImportState.Completed)
            throw new InvalidOperationException($"import ended {import?.State}: {import?.Message}");
        Console.Error.WriteLine($"import: {import.Created:N0} created, {import.Skipped:N0} skipped, {import.Rejected:N0} rejected; " +
                                $"preview {preview.New:N0} new, {preview.DuplicatesInFile:N0} duplicates, {preview.Invalid:N0} invalid");
        SqliteConnection.ClearAllPools();
        return (previewTime, commitTime);
    }

    /// <summary>Seconds for <c>sqlite3</c> to load the file with the same unique index and search index, or null without the tool.</summary>
    private static double? FloorSeconds(string csv, string path)
    {
        Delete(path);
        var script = $"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE leads (phone TEXT, name TEXT, email TEXT, company TEXT, budget TEXT, signup_date TEXT, opted_in TEXT, plan TEXT);
            CREATE UNIQUE INDEX leads_phone ON leads (phone);
            CREATE VIRTUAL TABLE search USING fts5(name, email, fields, phones, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
            BEGIN;
            .import --csv --skip 1 {csv} leads
            INSERT INTO search (rowid, name, email, fields, phones)
                SELECT rowid, name, email, company || ' ' || budget || ' ' || signup_date || ' ' || opted_in || ' ' || plan, phone FROM leads;
            COMMIT;
            """;
        var start = new ProcessStartInfo("sqlite3", [path]) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        Process? process;
        try
        {
            var stopwatch = Stopwatch.StartNew();
            process = Process.Start(start);
            if (process is null)
                return null;
            process.StandardInput.Write(script);
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            // Duplicate numbers fail the unique index row by row, as they should; anything else is a broken floor.
            var unexpected = errors.Result.Split('\n').Where(l => l.Length > 0 && !l.Contains("UNIQUE constraint failed", StringComparison.Ordinal)).Take(3).ToList();
            if (unexpected.Count > 0)
                Console.Error.WriteLine("sqlite3: " + string.Join(" | ", unexpected));
            return elapsed;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally
        {
            Delete(path);
        }
    }

    /// <summary>Writes N rows: phone numbers in assorted international formats, 2% invalid rows, 2% duplicates of earlier rows.</summary>
    private static void WriteCsv(string path, int rows)
    {
        var util = PhoneNumberUtil.GetInstance();
        var random = new Random(20261126);
        string[] companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Soylent"];
        string[] plans = ["Basic", "Pro", "Enterprise"];
        string[] first = ["Ana", "Ben", "Chloé", "Dmitri", "Eva", "Farah", "Gustavo", "Hana", "Ivan", "Jules", "Kofi", "Lena", "Mateo", "Noor"];
        string[] last = ["Lima", "Okafor", "Müller", "Nakamura", "Rossi", "Smith", "García", "Kowalski", "Haddad", "Chen"];
        var numbers = new List<string>(rows);
        var candidate = 0L;

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("phone,name,email,company,budget,signup_date,opted_in,plan\n");
        for (var i = 0; i < rows; i++)
        {
            string phone;
            if (i % 50 == 25 && numbers.Count > 10)
                phone = numbers[random.Next(numbers.Count)].Replace("+1", "+1 ", StringComparison.Ordinal);
            else
            {
                string e164;
                do
                {
                    // US numbers across many area codes; libphonenumber decides which are assigned.
                    var n = candidate++;
                    e164 = $"+1{201 + n % 700:000}{200 + n / 700 % 800:000}{n / 560_000 % 10_000:0000}";
                }
                while (!util.IsValidNumber(util.Parse(e164, null)));
                numbers.Add(e164);
                phone = (i % 3) switch
                {
                    0 => e164,
                    1 => $"+1 ({e164[2..5]}) {e164[5..8]}-{e164[8..]}",
                    _ => $"+1.{e164[2..5]}.{e164[5..8]}.{e164[8..]}",
                };
            }
            if (i % 100 == 10)
                phone = phone.Replace("+1", "", StringComparison.Ordinal).Trim();
            var name = $"{first[random.Next(first.Length)]} {last[random.Next(last.Length)]}";
            var budget = i % 100 == 60 ? "lots" : (random.Next(1, 500) * 100).ToString(CultureInfo.InvariantCulture);
            var date = new DateTime(2025, 1, 1).AddDays(random.Next(600)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            writer.Write($"{phone},{name},{name.Replace(' ', '.').ToLowerInvariant()}{i}@example.com,{companies[random.Next(companies.Length)]},{budget},{date},{(random.Next(2) == 0 ? "yes" : "no")},{plans[random.Next(plans.Length)]}\n");
        }
    }

    private static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
    }

    private static void Memory(string when)
    {
        var process = Process.GetCurrentProcess();
        Console.Error.WriteLine($"  {when}: working set {process.WorkingSet64 / 1048576} MB (peak {process.PeakWorkingSet64 / 1048576} MB), managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576} MB, committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576} MB");
    }

    /// <summary>Shows the import's own account of where its time went (its Information log line) on stderr.</summary>
    private sealed class StderrLogger : Microsoft.Extensions.Logging.ILogger<LeadImportJobs>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Console.Error.WriteLine($"  {formatter(state, exception)}");
    }
}
