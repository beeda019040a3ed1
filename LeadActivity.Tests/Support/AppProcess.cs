using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace LeadActivity.Tests.Support;

/// <summary>
/// The app as an operator runs it: <c>dotnet LeadActivity.App.dll</c> in a process of its own (the build output beside
/// the tests by default, or a published folder), with its settings in the environment. Its output is kept for the
/// test to read (which requests it served, why it stopped).
/// </summary>
public sealed partial class AppProcess(string connectionString, IReadOnlyDictionary<string, string>? settings = null, string? appDll = null, int port = 0)
    : IDisposable
{
    private readonly string _dataFolder = Path.Combine(PostgresTestDatabases.DataFolder, $"node-{Guid.NewGuid():N}");
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _output = new();
    private Process? _process;

    public void Start()
    {
        var dll = appDll ?? Path.Combine(AppContext.BaseDirectory, "LeadActivity.App.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(), // outside the repository: a published app reads the settings beside it
        };
        start.Environment["AllowedHosts"] = "127.0.0.1";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["Database__DataFolder"] = _dataFolder;
        start.Environment["ConnectionStrings__LeadActivity"] = connectionString;
        start.Environment["Demo__Leads"] = "50";
        start.Environment["Agent__Simulated"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"the node exited ({_process.ExitCode}):\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The address it listens on, once it does.</summary>
    public async Task<Uri> ListeningAsync(TimeSpan timeout)
    {
        try
        {
            return await _listening.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the node did not come up within {timeout.TotalSeconds} s:\n{Output}");
        }
    }

    /// <summary>Everything it wrote so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Ends it at once, as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    private void Read(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (Listening().Match(line) is { Success: true } match)
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        if (Directory.Exists(_dataFolder))
            Directory.Delete(_dataFolder, recursive: true);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
