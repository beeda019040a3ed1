using LeadActivity.Tests.Support;
using Npgsql;

namespace LeadActivity.Tests.Hosting;

/// <summary>
/// App servers started together on a PostgreSQL database that does not exist yet, as an operator's deployment starts
/// its nodes: each is a process of its own (<c>dotnet LeadActivity.App.dll</c>), so nothing in one process can order them.
/// </summary>
public sealed class MultiNodeStartupTests
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
}
