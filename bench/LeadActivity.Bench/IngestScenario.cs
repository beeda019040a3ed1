using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Bench;

/// <summary>
/// <c>ingest [--seconds S] [--clients C] [--warmup W] [--dashboards D] [--postgres CONNECTION]</c>: recording activities
/// (a) through the domain service in-process, (b) through the HTTP API on a real Kestrel port with C keep-alive
/// clients, single events and batches of 500, each measured for S seconds after W seconds of the same load — with D
/// live dashboards (real Blazor circuits, <see cref="BlazorCircuitClient"/>) open on the app throughout, when given —
/// and (c) the delay from an accepted write to its delivery at 100 live subscribers. On SQLite by default; with <c>--postgres</c> on a database
/// <c>leadactivity_bench_ingest</c> (re-created) of that server.
/// </summary>
public static class IngestScenario
{
    private const string Key = "bench-ingest-key";
    private const string Email = "bench@ingest.example", Password = "Bench-password-2026";

    public static async Task RunAsync(BenchArgs args)
    {
        var seconds = args.Int("seconds", 10);
        var clients = args.Int("clients", 16);
        var postgres = args.String("postgres", "");
        Console.Error.WriteLine($"seeding 10,000 leads for ingestion on {(postgres.Length > 0 ? "PostgreSQL" : "SQLite")}…");
        await using var database = postgres.Length > 0 ? await SeedPostgresAsync(postgres) : await SeedSqliteAsync();
        var leads = await LeadsAsync(database);

        await ServiceAsync(database, leads, seconds);
        await DeliveryAsync(database, leads);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = database.Provider.ToString(),
            ["ConnectionStrings__LeadActivity"] = database.ConnectionString,
        };
        var dashboards = args.Int("dashboards", 0);
        if (dashboards > 0)
        {
            // Someone to watch: a member of the organization the activities are recorded for.
            await Domain.Accounts.OrganizationSetup.EnsureAccountAsync(database, leads[0].OrganizationId, Email, "Bench watcher", Password,
                Domain.Accounts.OrganizationRole.Member, DateTime.UtcNow);
        }
        await HttpAsync(settings, leads, seconds, clients, args.Int("warmup", 3), dashboards);
    }

    private static async Task<LeadActivityDatabase> SeedSqliteAsync()
    {
        var path = Path.GetFullPath("bench/.cache/ingest.db");
        await SeedScenario.SeedAsync(path, 10_000, campaigns: 10, apiKey: Key);
        return LeadActivityDatabase.Sqlite(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
    }

    private static async Task<LeadActivityDatabase> SeedPostgresAsync(string server)
    {
        const string name = "leadactivity_bench_ingest";
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var reset = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE); ", connection);
            await reset.ExecuteNonQueryAsync();
        }
        var database = LeadActivityDatabase.Postgres(
            new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, Path.GetFullPath("bench/.cache"));
        await DatabaseInitializer.MigrateAsync(database); // creates the database
        await Domain.Demo.DemoSeeder.SeedAsync(database, new Domain.Demo.DemoSeedOptions
        {
            Leads = 10_000, Campaigns = 10, Now = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc), ApiKey = Key,
        });
        return database;
    }

    private sealed record Target(int OrganizationId, int CampaignId, string Phone);

    private static async Task<List<Target>> LeadsAsync(LeadActivityDatabase database)
    {
        await using var db = database.CreateContext(0);
        return await db.Leads.IgnoreQueryFilters().Where(l => l.Phone != null)
            .Select(l => new Target(l.OrganizationId, l.CampaignId, l.Phone!)).ToListAsync();
    }

    private static ActivityInput Input(Target lead) => new()
    {
        ExternalId = $"bench-{Guid.NewGuid():N}",
        Type = "call",
        CampaignId = lead.CampaignId,
        LeadPhone = lead.Phone,
        OccurredAt = DateTimeOffset.UtcNow,
        Outcome = "no_answer",
        DurationSeconds = 0,
        Summary = "No answer.",
    };

    private static ActivityRecorder Recorder(LeadActivityDatabase database, int organizationId, ActivityStream stream) =>
        new(database, new FixedOrganizationScope(organizationId), stream, TimeProvider.System);

    /// <summary>(a) One event per call of the service, back to back, for the given time.</summary>
    private static async Task ServiceAsync(LeadActivityDatabase database, List<Target> leads, int seconds)
    {
        var recorder = Recorder(database, leads[0].OrganizationId, new ActivityStream());
        var count = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await recorder.RecordAsync([Input(leads[count % leads.Count])]);
            count++;
        }
        BenchOutput.Line("ingest", "service", new Dictionary<string, object>
        {
            ["events"] = count, ["seconds"] = stopwatch.Elapsed.TotalSeconds, ["events_per_s"] = count / stopwatch.Elapsed.TotalSeconds,
        });
    }

    /// <summary>(c) From the write being accepted (the service returns) to each of 100 subscribers holding the event.</summary>
    private static async Task DeliveryAsync(LeadActivityDatabase database, List<Target> leads)
    {
        var stream = new ActivityStream();
        var recorder = Recorder(database, leads[0].OrganizationId, stream);
        var sent = new ConcurrentDictionary<long, long>();
        var latencies = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var subscriptions = Enumerable.Range(0, 100).Select(_ => stream.Subscribe(leads[0].OrganizationId)).ToList();
        var readers = subscriptions.Select(s => Task.Run(async () =>
        {
            try
            {
                await foreach (var e in s.Events.ReadAllAsync(stop.Token))
                {
                    var received = Stopwatch.GetTimestamp();
                    while (!sent.TryGetValue(e.Id, out _))
                        await Task.Yield(); // the writer stores the send time as soon as it knows the id
                    latencies.Add(Stopwatch.GetElapsedTime(sent[e.Id], received).TotalMilliseconds);
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();

        const int events = 500;
        for (var i = 0; i < events; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var result = await recorder.RecordAsync([Input(leads[i % leads.Count])]);
            sent[result[0].Id!.Value] = start;
            await Task.Delay(2);
        }
        while (latencies.Count < events * subscriptions.Count)
            await Task.Delay(10);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        subscriptions.ForEach(s => s.Dispose());

        var sorted = latencies.Order().ToList();
        BenchOutput.Line("ingest", "delivery", new Dictionary<string, object>
        {
            ["subscribers"] = 100, ["events"] = events, ["events_per_s"] = events * 100 / Math.Max(sorted.Sum() / 1000, 0.001),
            ["p50_ms"] = sorted[sorted.Count / 2], ["p95_ms"] = sorted[(int)(sorted.Count * 0.95)],
        });
    }

    /// <summary>(b) The app as a separate process on a real port; C keep-alive clients post for the given time.</summary>
    private static async Task HttpAsync(Dictionary<string, string> settings, List<Target> leads, int seconds, int clients, int warmup, int dashboards)
    {
        var port = FreePort();
        var app = Path.Combine(AppContext.BaseDirectory, "LeadActivity.App.dll");
        var start = new ProcessStartInfo("dotnet", [app, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in settings)
            start.Environment[name] = value;
        start.Environment["Agent__Simulated"] = "false";
        start.Environment["Demo__Enabled"] = "false"; // the bench seeded its own organization and key
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["AllowedHosts"] = "127.0.0.1"; // Production must name its hosts
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Add("X-Api-Key", Key);
            await WaitUntilUpAsync(http);
            await using var watching = await OpenDashboardsAsync(http.BaseAddress!, dashboards);

            foreach (var (name, batch) in new[] { ("http-single", 1), ("http-batch", 500) })
            {
                // A server's rate, not its start-up: the app was just launched, and its first seconds under load go to
                // the JIT (tiered compilation measured a quarter of the app's CPU then, nothing after).
                await PostForAsync(http, leads, batch, clients, warmup);
                var (events, elapsed) = await PostForAsync(http, leads, batch, clients, seconds);
                BenchOutput.Line("ingest", name, new Dictionary<string, object>
                {
                    ["clients"] = clients, ["batch"] = batch, ["events"] = events, ["seconds"] = elapsed.TotalSeconds,
                    ["events_per_s"] = events / elapsed.TotalSeconds, ["dashboards"] = dashboards,
                    ["dashboards_failed"] = watching.Failed,
                });
            }
        }
        catch (HttpRequestException)
        {
            process.Kill(entireProcessTree: true);
            Console.Error.WriteLine(string.Join('\n', (await output + await errors).Split('\n').TakeLast(40)));
            throw;
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>D dashboards open on the app, signed in as a member, for as long as the HTTP cases run.</summary>
    private static async Task<OpenDashboards> OpenDashboardsAsync(Uri address, int count)
    {
        var cookies = new CookieContainer();
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 })
        {
            BaseAddress = address, Timeout = TimeSpan.FromMinutes(5),
        };
        var open = new OpenDashboards(browser);
        if (count == 0)
            return open;
        await BenchSignIn.SignInAsync(browser, Email, Password);
        Console.Error.WriteLine($"opening {count:N0} dashboards…");
        var next = -1;
        var dashboards = new BlazorCircuitClient[count];
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                dashboards[i] = await BlazorCircuitClient.OpenAsync(browser, cookies);
        }));
        open.Dashboards.AddRange(dashboards);
        return open;
    }

    private sealed class OpenDashboards(HttpClient browser) : IAsyncDisposable
    {
        public List<BlazorCircuitClient> Dashboards { get; } = [];

        public int Failed => Dashboards.Count(d => d.Failure is not null);

        public async ValueTask DisposeAsync()
        {
            foreach (var dashboard in Dashboards)
                await dashboard.DisposeAsync();
            browser.Dispose();
        }
    }

    /// <summary>C clients post activities (one per request, or arrays of <paramref name="batch"/>) for the given time.</summary>
    private static async Task<(int Events, TimeSpan Elapsed)> PostForAsync(HttpClient http, List<Target> leads, int batch, int clients, int seconds)
    {
        var events = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var sentHere = 0;
            var n = c;
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                object body = batch == 1 ? Input(leads[n++ % leads.Count]) : Enumerable.Range(0, batch).Select(_ => Input(leads[n++ % leads.Count])).ToList();
                using var content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/v1/activities", content);
                response.EnsureSuccessStatusCode();
                sentHere += batch;
            }
            Interlocked.Add(ref events, sentHere);
        })).ToList();
        await Task.WhenAll(workers);
        return (events, stopwatch.Elapsed);
    }

    private static async Task WaitUntilUpAsync(HttpClient http)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the app did not start");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
