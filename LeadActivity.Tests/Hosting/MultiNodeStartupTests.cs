using System.Diagnostics;
using System.Text.RegularExpressions;
using LeadActivity.Tests.Support;
using Npgsql;

namespace LeadActivity.Tests.Hosting;

/// <summary>
/// App servers started together on a PostgreSQL database that does not exist yet, as an operator's deployment starts
/// its nodes: each is a process of its own (<c>dotnet LeadActivity.App.dll</c>), so nothing in one process can order them.
/// </summary>
public sealed partial class MultiNodeStartupTests
{
    [SkippableFact]
    public async Task Two_nodes_started_at_the_same_instant_on_a_missing_database_both_come_up_ten_times_out_of_ten()
    {
        var server = TestServers.RequirePostgres();
        for (var round = 1; round <= 10; round++)
        {
            var name = $"la_test_{Environment.ProcessId}_start_{Guid.NewGuid():N}";
            var connectionString = PostgresTestDatabases.ConnectionString(server, name);
            var nodes = new[] { new AppProcess(connectionString), new AppProcess(connectionString) };
            try
            {
                foreach (var node in nodes)
                    node.Start();
                var addresses = await Task.WhenAll(nodes.Select(node => node.ListeningAsync(TimeSpan.FromSeconds(120))));

                using var client = new HttpClient();
                foreach (var address in addresses)
                {
                    var health = await client.GetAsync(new Uri(address, "healthz"));
                    Assert.True(health.IsSuccessStatusCode, $"round {round}: {address}healthz answered {(int)health.StatusCode}");
                }
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var count = new NpgsqlCommand("SELECT count(*) FROM \"Organizations\" WHERE \"Slug\" = 'demo'", connection);
                Assert.Equal(1L, await count.ExecuteScalarAsync()); // seeded once, by whichever node came first
            }
            finally
            {
                foreach (var node in nodes)
                    node.Dispose();
                await PostgresTestDatabases.DropAsync(connectionString);
            }
        }
    }

    /// <summary>The built app as a process of its own, on a free port, with its own data folder.</summary>
    private sealed partial class AppProcess(string connectionString) : IDisposable
    {
        private readonly string _dataFolder = Path.Combine(PostgresTestDatabases.DataFolder, $"node-{Guid.NewGuid():N}");
        private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Text.StringBuilder _output = new();
        private Process? _process;

        public void Start()
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LeadActivity.App.dll"), "--urls", "http://127.0.0.1:0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            };
            start.Environment["AllowedHosts"] = "127.0.0.1";
            start.Environment["Database__Provider"] = "Postgres";
            start.Environment["Database__DataFolder"] = _dataFolder;
            start.Environment["ConnectionStrings__LeadActivity"] = connectionString;
            start.Environment["Demo__Leads"] = "50";
            start.Environment["Agent__Simulated"] = "false";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
            _process = new Process { StartInfo = start, EnableRaisingEvents = true };
            _process.OutputDataReceived += (_, e) => Read(e.Data);
            _process.ErrorDataReceived += (_, e) => Read(e.Data);
            _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"the node exited ({_process.ExitCode}):\n{Output}"));
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

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

        private string Output
        {
            get { lock (_output) return _output.ToString(); }
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
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            _process?.Dispose();
            if (Directory.Exists(_dataFolder))
                Directory.Delete(_dataFolder, recursive: true);
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex Listening();
    }
}
