using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadActivity.Bench;

/// <summary>
/// <c>dashboards --circuits N --rate R --seconds S [--sample K] [--grace G] [--leads L]</c>: the app (Release, a child
/// process on a fresh SQLite file with a demo organization of L leads) watched by N live dashboards, each a real Blazor
/// Server circuit held by <see cref="BlazorCircuitClient"/> in this one process. It reports
/// (fresh) the app's live heap after a forced full collection and its resident memory, per dashboard, marginal over
/// the same app with none open; (live) R activities a second posted for S seconds through the ingestion API, each an
/// inbound message whose text is unique, with the POST's latency, the time from the POST until K sampled dashboards
/// received the event's feed row in a render batch, the (event, dashboard) pairs never shown within G seconds after
/// the last POST, and the app's CPU over the posting window (100 = one core), beside this process's own CPU and timer
/// lag and the whole machine's CPU; (full-feed) the memory figures again once the feed holds its most rows (after 50
/// events or more).
/// </summary>
public static class DashboardsScenario
{
    private const string Email = "bench@dashboards.example", Password = "Bench-password-2026", Key = "bench-dashboards-key-0123456789";

    /// <summary>What every event's text starts with, then <see cref="TagDigits"/> digits: its number in the run.</summary>
    private static readonly byte[] TagPrefix = "dashbench-"u8.ToArray();

    private const int TagDigits = 6;

    /// <summary>Rows the feed shows at most (LeadActivityWidget keeps twice the 50 it loads).</summary>
    private const int FullFeedEvents = 50;

    public static async Task RunAsync(BenchArgs args)
    {
        var circuits = args.Int("circuits", 100);
        var rate = args.Int("rate", 20);
        var seconds = args.Int("seconds", 20);
        var sample = Math.Min(args.Int("sample", 50), circuits);
        var grace = args.Int("grace", 10);
        var leads = args.Int("leads", 2000);
        var opening = args.Int("open-concurrency", 8);
        var database = Path.GetFullPath("bench/.cache/dashboards.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(database + suffix);

        Console.Error.WriteLine($"starting the app on {database} with a demo organization of {leads:N0} leads…");
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:LeadActivity"] = $"Data Source={database}",
            ["Database:Provider"] = "Sqlite",
            ["Agent:Simulated"] = "false", // only the bench's events reach the dashboards
            ["Diagnostics:Enabled"] = "true",
            ["Demo:Enabled"] = "true",
            ["Demo:Leads"] = leads.ToString(),
            ["Demo:AdminEmail"] = Email,
            ["Demo:AdminPassword"] = Password,
            ["Demo:ApiKey"] = Key,
            ["Demo:SecondOrganization:Slug"] = "",
            // Why the app closed a dashboard's connection (a client timeout, say) is logged at Debug, one line each.
            ["Logging:LogLevel:Microsoft.AspNetCore.SignalR.HubConnectionContext"] = "Debug",
        });
        try
        {
            await MeasureAsync(app, circuits, rate, seconds, sample, grace, opening);
        }
        finally
        {
            // What the app logged (warnings and errors): why dashboards dropped, when they did.
            var log = Path.ChangeExtension(database, ".app.log");
            await File.WriteAllTextAsync(log, await app.OutputTailAsync(int.MaxValue));
            Console.Error.WriteLine($"the app's log: {log}");
        }
    }

    private static async Task MeasureAsync(AppProcess app, int circuits, int rate, int seconds, int sample, int grace, int opening)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 })
        {
            BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(5),
        };
        await BenchSignIn.SignInAsync(browser, Email, Password);
        // No limit on connections: a POST waiting for a free one would count the client's queue as the app's latency.
        using var api = new HttpClient(new SocketsHttpHandler()) { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Add("X-Api-Key", Key);
        var lead = await MessageLeadAsync(api);

        // The first dashboard and the first event pay for compilation; the baseline is the app after that, with none open.
        await using (var first = await BlazorCircuitClient.OpenAsync(browser, cookies))
        {
            var shown = first.WaitForTextAsync("bench warm-up");
            using var posted = await PostAsync(api, lead, "bench warm-up");
            posted.EnsureSuccessStatusCode();
            await shown.WaitAsync(TimeSpan.FromSeconds(60));
        }
        // The warm-up dashboard's disconnect reaches the app after the client has let go: a moment for its circuit to
        // be released, so the baseline does not count it.
        await Task.Delay(1000);
        var empty = await app.MemoryAfterFullCollectionAsync();

        // Only the sampled dashboards look for the events' tags in what they receive, and note when each first arrived.
        var events = rate * seconds;
        var shownAt = new long[sample, events];
        var dashboards = new BlazorCircuitClient[circuits];
        var step = circuits / sample; // the sampled ones spread over the opening order
        Console.Error.WriteLine($"opening {circuits:N0} dashboards ({opening} at a time)…");
        var opened = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, opening).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < circuits; i = Interlocked.Increment(ref next))
            {
                var sampled = i % step == 0 && i / step < sample ? i / step : -1;
                dashboards[i] = await BlazorCircuitClient.OpenAsync(browser, cookies,
                    renderBatchReceived: sampled < 0 ? null : (_, batch) => RecordTags(batch, sampled, shownAt));
            }
        }));
        var openSeconds = opened.Elapsed.TotalSeconds;
        await QuietAsync(dashboards);
        var fresh = await app.MemoryAfterFullCollectionAsync();
        BenchOutput.Line("dashboards", "fresh", new Dictionary<string, object>
        {
            ["circuits"] = circuits,
            ["heap_per_circuit_kb"] = (fresh.HeapBytes - empty.HeapBytes) / 1024.0 / circuits,
            ["rss_per_circuit_kb"] = (fresh.ResidentBytes - empty.ResidentBytes) / 1024.0 / circuits,
            ["heap_mb"] = fresh.HeapBytes / 1048576.0,
            ["rss_mb"] = fresh.ResidentBytes / 1048576.0,
            ["open_s"] = openSeconds,
            ["failed"] = dashboards.Count(d => d.Failure is not null),
        });

        Console.Error.WriteLine($"posting {rate}/s for {seconds} s to {circuits:N0} dashboards, timing {sample} of them…");
        var postedAt = new long[events];
        var postMs = new double[events];
        var cpuBefore = app.CpuTime;
        var (batchesBefore, bytesBefore) = (dashboards.Sum(d => (long)d.Batches), dashboards.Sum(d => d.BatchBytes));
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineCpu.Read();
        var window = Stopwatch.StartNew();
        using var posting = new CancellationTokenSource();
        var clientLag = ClientLagAsync(posting.Token);
        var posts = new List<Task>(events);
        var postsFailed = 0;
        for (var i = 0; i < events; i++)
        {
            // Open loop: each event leaves at its time, however long the ones before it take.
            var due = TimeSpan.FromSeconds(i / (double)rate) - window.Elapsed;
            if (due > TimeSpan.Zero)
                await Task.Delay(due);
            var n = i;
            posts.Add(Task.Run(async () =>
            {
                postedAt[n] = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await PostAsync(api, lead, $"bench reply {Tag(n)}");
                    if (!response.IsSuccessStatusCode)
                        Interlocked.Increment(ref postsFailed);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref postsFailed); // no answer within the client's timeout: counted with the time it waited
                }
                postMs[n] = Stopwatch.GetElapsedTime(postedAt[n]).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(posts);
        var (batchesAfter, bytesAfter) = (dashboards.Sum(d => (long)d.Batches), dashboards.Sum(d => d.BatchBytes));
        var cpu = (app.CpuTime - cpuBefore) / window.Elapsed * 100;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore) / window.Elapsed * 100;
        var machineCpu = MachineCpu.Read().BusyPercentSince(machineBefore);
        await posting.CancelAsync();
        var clientLagMs = await clientLag;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(grace) && Unseen(shownAt) > 0)
            await Task.Delay(100);

        var shownMs = new List<double>();
        for (var s = 0; s < sample; s++)
        {
            for (var i = 0; i < events; i++)
            {
                var at = Volatile.Read(ref shownAt[s, i]);
                if (at != 0)
                    shownMs.Add(Stopwatch.GetElapsedTime(postedAt[i], at).TotalMilliseconds);
            }
        }
        shownMs.Sort();
        Array.Sort(postMs);
        BenchOutput.Line("dashboards", "live", new Dictionary<string, object>
        {
            ["circuits"] = circuits,
            ["rate_per_s"] = rate,
            ["shown_p50_ms"] = Percentile(shownMs, 0.50),
            ["shown_p95_ms"] = Percentile(shownMs, 0.95),
            ["post_p95_ms"] = Percentile(postMs, 0.95),
            ["missed"] = Unseen(shownAt),
            ["app_cpu_pct"] = cpu,
            ["events"] = events,
            ["sampled"] = sample,
            ["post_p50_ms"] = Percentile(postMs, 0.50),
            ["shown_max_ms"] = shownMs.Count > 0 ? shownMs[^1] : double.NaN,
            ["failed"] = dashboards.Count(d => d.Failure is not null),
            ["posts_failed"] = postsFailed,
            ["client_cpu_pct"] = clientCpu,
            ["client_lag_max_ms"] = clientLagMs,
            ["machine_cpu_pct"] = machineCpu,
            ["batches_per_circuit_s"] = (batchesAfter - batchesBefore) / (double)circuits / window.Elapsed.TotalSeconds,
            ["batch_bytes_avg"] = batchesAfter == batchesBefore ? 0 : (bytesAfter - bytesBefore) / (double)(batchesAfter - batchesBefore),
        });

        if (events >= FullFeedEvents)
        {
            await QuietAsync(dashboards);
            var full = await app.MemoryAfterFullCollectionAsync();
            BenchOutput.Line("dashboards", "full-feed", new Dictionary<string, object>
            {
                ["circuits"] = circuits,
                ["events"] = events,
                ["heap_per_circuit_kb"] = (full.HeapBytes - empty.HeapBytes) / 1024.0 / circuits,
                ["rss_per_circuit_kb"] = (full.ResidentBytes - empty.ResidentBytes) / 1024.0 / circuits,
                ["heap_mb"] = full.HeapBytes / 1048576.0,
                ["rss_mb"] = full.ResidentBytes / 1048576.0,
                ["failed"] = dashboards.Count(d => d.Failure is not null), // a failed one's circuit may be gone: the figures undercount
            });
        }
        foreach (var failed in dashboards.Where(d => d.Failure is not null).Take(3))
            Console.Error.WriteLine($"a dashboard failed: {failed.Failure}");

        Console.Error.WriteLine("closing the dashboards…");
        next = -1;
        await Task.WhenAll(Enumerable.Range(0, opening).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < circuits; i = Interlocked.Increment(ref next))
                await dashboards[i].DisposeAsync();
        }));

        // After the peak: what the app gives back on its own once every dashboard closed (no forced collection), and
        // after a forced full collection, against the resident memory it had with none open.
        var peak = app.ResidentBytes();
        await Task.Delay(TimeSpan.FromSeconds(AfterCloseSeconds));
        var idle = app.ResidentBytes();
        var collected = await app.MemoryAfterFullCollectionAsync();
        BenchOutput.Line("dashboards", "after-close", new Dictionary<string, object>
        {
            ["circuits"] = circuits,
            ["rss_at_close_mb"] = peak / 1048576.0,
            ["rss_after_s"] = AfterCloseSeconds,
            ["rss_idle_mb"] = idle / 1048576.0,
            ["rss_after_full_gc_mb"] = collected.ResidentBytes / 1048576.0,
            ["gc_committed_mb"] = collected.CommittedBytes / 1048576.0,
            ["rss_before_open_mb"] = empty.ResidentBytes / 1048576.0,
            ["heap_mb"] = collected.HeapBytes / 1048576.0,
        });
    }

    private const int AfterCloseSeconds = 15;

    /// <summary>
    /// How late this process's timers fire while it posts (the most, in ms): when the load client itself is starved of
    /// CPU, its render batches are read late too, and the shown times say more about the client than the app.
    /// </summary>
    private static async Task<double> ClientLagAsync(CancellationToken cancellationToken)
    {
        var most = 0.0;
        try
        {
            while (true)
            {
                var asked = Stopwatch.GetTimestamp();
                await Task.Delay(100, cancellationToken);
                most = Math.Max(most, Stopwatch.GetElapsedTime(asked).TotalMilliseconds - 100);
            }
        }
        catch (OperationCanceledException)
        {
            return most;
        }
    }

    /// <summary>
    /// The whole machine's CPU time so far (<c>/proc/stat</c>), to tell an app that is slow on its own from one that
    /// shares its cores with other work.
    /// </summary>
    private readonly record struct MachineCpu(long Busy, long Total)
    {
        public static MachineCpu Read()
        {
            // cpu  user nice system idle iowait irq softirq steal …, in clock ticks
            var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var total = ticks.Sum();
            return new MachineCpu(total - ticks[3] - ticks[4], total);
        }

        /// <summary>The share of all cores that were busy since <paramref name="before"/> (100 = every core, all the time).</summary>
        public double BusyPercentSince(MachineCpu before) => 100.0 * (Busy - before.Busy) / Math.Max(1, Total - before.Total);
    }

    private static string Tag(int n) => Encoding.ASCII.GetString(TagPrefix) + n.ToString($"D{TagDigits}");

    /// <summary>Notes the first time each event's tag appears in a sampled dashboard's render batches.</summary>
    private static void RecordTags(byte[] batch, int sampled, long[,] shownAt)
    {
        var now = Stopwatch.GetTimestamp();
        var rest = batch.AsSpan();
        for (var at = rest.IndexOf(TagPrefix); at >= 0; at = rest.IndexOf(TagPrefix))
        {
            rest = rest[(at + TagPrefix.Length)..];
            if (rest.Length < TagDigits || !int.TryParse(Encoding.ASCII.GetString(rest[..TagDigits]), out var n) || n >= shownAt.GetLength(1))
                continue;
            Interlocked.CompareExchange(ref shownAt[sampled, n], now, 0);
        }
    }

    private static int Unseen(long[,] shownAt)
    {
        var unseen = 0;
        foreach (var at in shownAt)
            unseen += at == 0 ? 1 : 0;
        return unseen;
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

    /// <summary>
    /// Waits until the dashboards' start-up (or a backlog of events) has run its course: a second in which fewer than one
    /// dashboard in ten received a render batch. Not none: the feed's relative-time clock re-renders each of them every
    /// 20 seconds, at times of their own.
    /// </summary>
    private static async Task QuietAsync(BlazorCircuitClient[] dashboards)
    {
        var last = dashboards.Sum(d => (long)d.Batches);
        for (var i = 0; i < 60; i++)
        {
            await Task.Delay(1000);
            var batches = dashboards.Sum(d => (long)d.Batches);
            if (batches - last < dashboards.Length / 10.0)
                return;
            last = batches;
        }
    }

    private sealed record MessageLead(int CampaignId, int LeadId);

    /// <summary>A lead the demo messaged on WhatsApp, found through the API as an agent's system would know it.</summary>
    private static async Task<MessageLead> MessageLeadAsync(HttpClient api)
    {
        var after = 0L;
        while (true)
        {
            var page = JsonNode.Parse(await api.GetStringAsync($"api/v1/activities?after={after}&limit=1000"))!;
            var message = page["items"]!.AsArray().FirstOrDefault(a => (string?)a!["type"] == "message");
            if (message is not null)
                return new MessageLead((int)message["campaignId"]!, (int)message["leadId"]!);
            after = (long?)page["next"] ?? throw new InvalidOperationException("The demo organization has no WhatsApp messages to reply to.");
        }
    }

    /// <summary>An inbound WhatsApp reply: the feed shows its text (“Replied: “…””), which makes each event findable.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient api, MessageLead lead, string text)
    {
        var body = new JsonObject
        {
            ["externalId"] = $"bench-{Guid.NewGuid():N}",
            ["type"] = "message",
            ["campaignId"] = lead.CampaignId,
            ["leadId"] = lead.LeadId,
            ["channel"] = "whatsapp",
            ["direction"] = "inbound",
            ["outcome"] = "replied",
            ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["body"] = text,
        };
        return api.PostAsync("api/v1/activities", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    }
}
