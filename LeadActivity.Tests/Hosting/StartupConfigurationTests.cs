using System.Diagnostics;

namespace LeadActivity.Tests.Hosting;

/// <summary>Starts the real app as a process with settings that cannot work, as a user would.</summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("Data Source=x.db;Colour=blue", "malformed")]
    [InlineData("Data Source=/proc/leadactivity/app.db", "not writable")]
    [InlineData("", "is empty")]
    public async Task Bad_database_settings_stop_the_app_with_one_clear_line(string connectionString, string expected)
    {
        var (exitCode, output, error) = await RunAppAsync(("ConnectionStrings__LeadActivity", connectionString));

        Assert.Equal(1, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("LeadActivity cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Theory]
    [InlineData("Mongo", "Data Source=x.db", "set it to Sqlite (the default) or Postgres")]
    [InlineData("Postgres", "Data Source=data/leadactivity.db", "not a PostgreSQL connection string")]
    [InlineData("Postgres", "Host=127.0.0.1", "names no database")]
    [InlineData("Postgres", "Host=127.0.0.1;Port=1;Database=leadactivity;Username=nobody;Timeout=3", "cannot be reached or migrated")]
    public async Task Bad_provider_settings_stop_the_app_with_one_clear_line(string provider, string connectionString, string expected)
    {
        var (exitCode, output, error) = await RunAppAsync(("Database__Provider", provider), ("ConnectionStrings__LeadActivity", connectionString));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("LeadActivity cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Theory]
    [InlineData("Import__MaxFileMegabytes", "0", "Import:MaxFileMegabytes must be a positive number of megabytes")]
    [InlineData("ForwardedHeaders__KnownProxies", "10.0.0.1, balancer", "ForwardedHeaders:KnownProxies holds something that is not an IP address")]
    [InlineData("RateLimits__SignInPerMinute", "-1", "RateLimits:SignInPerMinute must be a positive number")]
    [InlineData("Agent__TickSeconds", "0", "Agent:TickSeconds must be a positive number of seconds")]
    [InlineData("Events__Redis", "redis.internal:6379,connectTimeout=soon", "Events:Redis is not a Redis configuration string")]
    [InlineData("Events__Redis", "http://redis.internal:6379", "Events:Redis is a URL LeadActivity cannot read")]
    [InlineData("DataProtection__CertificatePath", "/nonexistent/keys.pfx", "DataProtection:CertificatePath names /nonexistent/keys.pfx, which does not exist")]
    public async Task Other_settings_that_cannot_work_stop_the_app_with_one_line_naming_the_setting(string name, string value, string expected)
    {
        var (exitCode, output, error) = await RunAppAsync((name, value));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("LeadActivity cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_stops_the_app_with_one_clear_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"leadactivity-not-a-db-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        try
        {
            var (exitCode, output, error) = await RunAppAsync(("ConnectionStrings__LeadActivity", $"Data Source={path}"));

            Assert.Equal(1, exitCode);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("cannot be opened or migrated", line);
            Assert.DoesNotContain("   at ", output + error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAppAsync(params (string Name, string Value)[] environment)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "LeadActivity.App.dll");
        var start = new ProcessStartInfo("dotnet", [app, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["AllowedHosts"] = "127.0.0.1"; // a Production run must name its hosts
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the app kept running with settings that cannot work");
        }
        return (process.ExitCode, await output, await error);
    }
}
