using System.Collections.Concurrent;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.Json;
using LeadActivity.Domain.Activities;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Tests.Hosting;

/// <summary>
/// A node whose Redis goes away and comes back, as an operator restarting Redis sees it: <c>/healthz</c> and the
/// node's log tell the truth each time. A Redis server of the test's own, killed and started again on its port.
/// </summary>
public sealed class RedisHealthTests
{
    [SkippableFact]
    public async Task Healthz_is_degraded_with_the_reason_while_Redis_is_down_and_healthy_once_it_is_back_with_one_log_line_each_way()
    {
        await using var redis = await RedisTestServer.StartAsync();
        var log = new LineLog();
        await using var app = new LeadActivityAppFactory
        {
            DemoLeads = 10,
            Settings = new Dictionary<string, string?>
            {
                ["Events:Redis"] = redis.Configuration,
                ["Logging:LogLevel:LeadActivity.Domain.Activities.ActivityStream"] = "Information",
            },
            TestServices = services => services.AddSingleton<ILoggerProvider>(log),
        };
        using var client = app.CreateClient();

        var up = await HealthAsync(client);
        Assert.Equal(("Healthy", "Healthy", "Healthy"), (up.Status, up.Database, up.Redis));
        Assert.Contains(redis.Configuration, up.RedisReason);
        Assert.Single(log.Lines, l => l.Contains("go through Redis", StringComparison.Ordinal));

        await redis.StopAsync();
        var down = await WaitForAsync(client, "Degraded");
        Assert.Equal("Healthy", down.Database);
        Assert.Equal("Degraded", down.Redis);
        Assert.Contains("unreachable", down.RedisReason);

        // Writes go on while Redis is down: each failed publish is counted, and logged once for the outage.
        var stream = app.Services.GetRequiredService<ActivityStream>();
        for (var i = 1; i <= 5; i++)
        {
            var id = i;
            await stream.CommitAndPublishAsync(1, () => Task.CompletedTask,
                () => [new ActivityEvent(id, DateTime.UtcNow, ActivityKind.Note, 1, "Lead", 1, "Campaign", null, null, null, null, null, null, null, "note")]);
        }

        await redis.RestartAsync();
        var back = await WaitForAsync(client, "Healthy");
        Assert.Equal("Healthy", back.Redis);

        var unreachable = log.Lines.Where(l => l.Contains("is unreachable", StringComparison.Ordinal)).ToList();
        Assert.Single(unreachable); // one line for the outage, whichever connection noticed it first
        Assert.DoesNotContain(log.Lines, l => l.Contains("   at ", StringComparison.Ordinal)); // no stack traces
        Assert.Single(log.Lines, l => l.Contains("Publishing activity events through Redis failed", StringComparison.Ordinal));
        var again = Assert.Single(log.Lines.Where(l => l.Contains("go through Redis", StringComparison.Ordinal)).Skip(1));
        Assert.Contains("5 publishes failed while it was unreachable", again);
    }

    [SkippableFact]
    public async Task A_redis_url_is_accepted_and_connects()
    {
        await using var redis = await RedisTestServer.StartAsync();
        await using var app = new LeadActivityAppFactory
        {
            DemoLeads = 10,
            Settings = new Dictionary<string, string?> { ["Events:Redis"] = $"redis://127.0.0.1:{redis.Port}/0" },
        };
        using var client = app.CreateClient();

        var health = await WaitForAsync(client, "Healthy");

        Assert.Equal("Healthy", health.Redis);
        Assert.Contains($"127.0.0.1:{redis.Port} connected", health.RedisReason);
    }

    [Theory]
    [InlineData("redis.internal:6379", "redis.internal:6379")]
    [InlineData("redis.internal:6379,password=secret,ssl=true", "redis.internal:6379")]
    [InlineData("redis://:s%40cret@redis.internal:6380/2", "redis.internal:6380")]
    [InlineData("rediss://app:pw@redis.internal", "redis.internal:6379")]
    public void The_documented_forms_of_Events_Redis_are_read(string setting, string endpoint)
    {
        var options = RedisSetting.Parse(setting);

        Assert.Equal(endpoint, RedisSetting.Describe(options));
        if (setting.StartsWith("redis://", StringComparison.Ordinal))
            Assert.Equal(("s@cret", 2), (options.Password, options.DefaultDatabase!.Value));
        if (setting.StartsWith("rediss://", StringComparison.Ordinal))
            Assert.Equal((true, "app", "pw"), (options.Ssl, options.User, options.Password));
    }

    [Theory]
    [InlineData("http://redis.internal:6379")]
    [InlineData("redis://redis.internal:6379/zero")]
    [InlineData("redis.internal:6379,connectTimeout=soon")]
    public void Other_forms_are_refused_with_a_line_naming_the_setting(string setting)
    {
        var refused = Assert.Throws<ArgumentException>(() => RedisSetting.Parse(setting));

        Assert.StartsWith("Events:Redis ", refused.Message);
    }

    private static async Task<Health> WaitForAsync(HttpClient client, string status)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var health = await HealthAsync(client);
            if (health.Status == status)
                return health;
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"/healthz still says {health} after 30 s, not {status}");
            await Task.Delay(200);
        }
    }

    private static async Task<Health> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/healthz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entries = body.RootElement.GetProperty("entries");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode); // Degraded still serves: balancers keep the node
        return new Health(body.RootElement.GetProperty("status").GetString()!, entries.GetProperty("database").GetProperty("status").GetString()!,
            entries.GetProperty("redis").GetProperty("status").GetString()!, entries.GetProperty("redis").GetProperty("description").GetString() ?? "");
    }

    private sealed record Health(string Status, string Database, string Redis, string RedisReason);

    /// <summary>The live feed's log lines, with any exception's stack trace, to count what an operator would read.</summary>
    private sealed class LineLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(LineLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => category.StartsWith("LeadActivity.Domain.Activities", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    log._lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            }
        }
    }
}
