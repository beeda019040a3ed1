using LeadActivity.Domain.Persistence;

namespace LeadActivity.Tests.Support;

/// <summary>
/// The PostgreSQL and Redis servers the multi-node tests run against: <c>.ci/services</c> starts throwaway ones and
/// exports <c>LEADACTIVITY_TEST_POSTGRES</c> and <c>LEADACTIVITY_TEST_REDIS</c>. Without them a test that needs one
/// is skipped with a message (it must be a <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>), except under CI
/// (<c>CI=true</c>), where it fails: there it must run.
/// </summary>
public static class TestServers
{
    public static string? Postgres { get; } = Setting("LEADACTIVITY_TEST_POSTGRES");

    public static string? Redis { get; } = Setting("LEADACTIVITY_TEST_REDIS");

    private static bool MustRun => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The PostgreSQL connection string, or a skip (a failure under CI) when there is no server.</summary>
    public static string RequirePostgres() => Postgres ?? throw Missing("PostgreSQL", "LEADACTIVITY_TEST_POSTGRES");

    /// <summary>The Redis configuration string, or a skip (a failure under CI) when there is no server.</summary>
    public static string RequireRedis() => Redis ?? throw Missing("Redis", "LEADACTIVITY_TEST_REDIS");

    /// <summary>nginx from <c>.ci/services</c>: its address, and the two ports it balances (the README's sample).</summary>
    public static (Uri Balancer, int NodeA, int NodeB) RequireNginx()
    {
        var balancer = Setting("LEADACTIVITY_TEST_NGINX") ?? throw Missing("nginx", "LEADACTIVITY_TEST_NGINX");
        var nodes = (Setting("LEADACTIVITY_TEST_NGINX_NODES") ?? throw Missing("nginx", "LEADACTIVITY_TEST_NGINX_NODES")).Split(' ');
        return (new Uri(balancer), int.Parse(nodes[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(nodes[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="provider"/> needs a server that is not there (fixtures then arrange nothing; their tests call <see cref="Require"/>).</summary>
    public static bool Missing(DatabaseProvider provider) => provider == DatabaseProvider.Postgres && Postgres is null;

    /// <summary>Skips (fails under CI) unless <paramref name="provider"/>'s server is there.</summary>
    public static void Require(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
            RequirePostgres();
    }

    private static Exception Missing(string server, string variable) => MustRun
        ? new InvalidOperationException($"CI=true but {variable} is not set: .ci/run starts {server} with .ci/services, so this test must run.")
        // Reported as skipped by [SkippableFact] and [SkippableTheory] tests, with this reason.
        : new SkipException($"{server} is not running here: start the test servers with eval \"$(.ci/services)\" to run this test.");

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
