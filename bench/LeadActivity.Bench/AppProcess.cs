using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace LeadActivity.Bench;

/// <summary>
/// The app (this build's LeadActivity.App.dll) as a child process on a free port of 127.0.0.1, in Production, so a
/// scenario measures a server the way an operator runs it: its CPU time and resident memory as Linux counts them
/// (<c>/proc/&lt;pid&gt;</c>), and its live heap through its opt-in diagnostics endpoint.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;
    private readonly HttpClient _http;

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The app's base address, ending in a slash.</summary>
    public Uri Address { get; }

    /// <summary>Starts the app with <paramref name="settings"/> (configuration keys, <c>:</c>-separated) and waits until it answers.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LeadActivity.App.dll"), "--urls", address.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["AllowedHosts"] = "127.0.0.1"; // Production must name its hosts
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
            start.Environment[name.Replace(":", "__")] = value;
        var app = new AppProcess(Process.Start(start)!, address);
        try
        {
            await app.WaitUntilUpAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The CPU time the app has used so far, user and system (<c>/proc/&lt;pid&gt;/stat</c>).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The app's resident memory (<c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>).</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
    }

    /// <summary>
    /// The app's live managed heap after a forced full collection, and its resident memory just after it. Needs the
    /// app started with <c>Diagnostics:Enabled=true</c>.
    /// </summary>
    public async Task<(long HeapBytes, long ResidentBytes, long CommittedBytes)> MemoryAfterFullCollectionAsync()
    {
        using var answer = JsonDocument.Parse(await _http.GetStringAsync("diagnostics/memory"));
        return (answer.RootElement.GetProperty("heapBytes").GetInt64(), ResidentBytes(), answer.RootElement.GetProperty("committedBytes").GetInt64());
    }

    /// <summary>The last lines the app wrote, for when something went wrong.</summary>
    public async Task<string> OutputTailAsync(int lines = 40)
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        return string.Join('\n', (await _output + await _errors).Split('\n').TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitUntilUpAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited at start:\n{await OutputTailAsync()}");
            try
            {
                using var health = await _http.GetAsync("healthz");
                if (health.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app did not answer within a minute:\n{await OutputTailAsync()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
