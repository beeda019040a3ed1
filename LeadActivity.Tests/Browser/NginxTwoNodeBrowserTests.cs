using System.Collections.Concurrent;
using System.Text;
using LeadActivity.Domain.Import;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LeadActivity.Tests.Browser;

/// <summary>
/// Two app servers behind a real nginx configured as the README's sample (<c>.ci/services</c> starts it on two node
/// ports), on one PostgreSQL database and one Redis: a person signs in through nginx, follows and cancels an import the
/// other node runs and downloads another import's rejected rows; and two published nodes, one of which crashes under a
/// dashboard that then comes back from the other.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NginxTwoNodeBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Through_nginx_an_import_on_the_other_node_is_followed_and_cancelled_and_its_rejected_rows_download()
    {
        Chromium.Require();
        var (balancer, portA, portB) = TestServers.RequireNginx();
        await using var redis = await RedisTestServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["Events:Redis"] = redis.Configuration, ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" };
        await using var owner = new PostgresAppFactory(); // holds the database: neither node's end drops it
        var requestsA = new ConcurrentQueue<string>();
        var requestsB = new ConcurrentQueue<string>();
        await using var nodeA = new PostgresAppFactory { SameDatabaseAs = owner, DemoLeads = 30, Settings = settings, TestServices = s => s.AddSingleton<IStartupFilter>(new Requests(requestsA)) };
        nodeA.StartOnRealPort(portA);
        await using var nodeB = new PostgresAppFactory { SameDatabaseAs = owner, DemoLeads = 30, Settings = settings, TestServices = s => s.AddSingleton<IStartupFilter>(new Requests(requestsB)) };
        nodeB.StartOnRealPort(portB);

        // A node port another test crashed stays marked failed in nginx for its fail_timeout (10 s), during which ip_hash
        // sends this browser elsewhere and would move it back afterwards: start once both ports count as up.
        await Task.Delay(TimeSpan.FromSeconds(11));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = balancer.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync(LeadActivityAppFactory.AdminEmail, LeadActivityAppFactory.Password);
        Assert.DoesNotContain("/account/sign-in", page.Url); // through nginx, on its port: Host $http_host keeps the redirect right

        // ip_hash sends this browser to one node; the imports run on the other.
        var mine = requestsA.Contains("/account/sign-in") ? nodeA : nodeB;
        var other = mine == nodeA ? nodeB : nodeA;
        output.WriteLine($"nginx sends the browser to node {(mine == nodeA ? "A" : "B")}");

        var campaignId = await other.AddCampaignAsync("Through nginx");
        var jobs = other.Services.GetRequiredService<LeadImportJobs>();
        jobs.ProgressInterval = TimeSpan.FromMilliseconds(200);
        using var resume = new ManualResetEventSlim();
        var pausedOnce = 0;
        jobs.RowsWritten = (_, rows) =>
        {
            // Holds the import half-way, so the person has time to see it and cancel it from their node.
            if (rows >= 4096 && Interlocked.Exchange(ref pausedOnce, 1) == 0)
                resume.Wait(Patience);
        };
        var running = await StartImportAsync(other, campaignId, LeadActivity.Tests.Import.ImportHarness.ValidCsv(12_000));

        await page.OpenAsync($"/campaigns/{campaignId}/leads");
        Assert.Contains($"/campaigns/{campaignId}/leads", mine == nodeA ? requestsA : requestsB); // the page is on the node not running the import
        await Assertions.Expect(page.Locator("#import-progress-text")).ToContainTextAsync("4,", new() { Timeout = 30_000 });
        await page.ClickAsync("#import-cancel");
        await page.ClickAsync("button:has-text('Cancel import')");
        await WaitForAsync(async () => (await FindAsync(other, running)).CancelRequested);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the running node reads the request at its next progress beat
        resume.Set();
        await jobs.WhenFinishedAsync(running);
        await Assertions.Expect(page.Locator("#import-progress")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        Assert.Equal(LeadImportState.Cancelled, (await FindAsync(other, running)).State);
        await using (var db = owner.Database.CreateContext(0))
            Assert.Equal(0, await db.Leads.IgnoreQueryFilters().CountAsync(l => l.CampaignId == campaignId));

        // Rejected rows of an import the other node ran, downloaded through nginx from this one.
        jobs.RowsWritten = null;
        var withRejects = await StartImportAsync(other, campaignId, LeadActivity.Tests.Import.ImportHarness.ValidCsv(10) + "12345,Too short,Acme\n");
        await jobs.WhenFinishedAsync(withRejects);
        var download = await context.APIRequest.GetAsync($"imports/{withRejects}/rejected.csv");
        Assert.Equal(200, download.Status);
        Assert.Contains("12345", await download.TextAsync());
    }

    /// <summary>
    /// The README's guide as written: <c>dotnet publish -c Release -o out</c>, then <c>dotnet out/LeadActivity.App.dll</c>
    /// in Production on each node, both started together on a database that does not exist yet, behind nginx.
    /// </summary>
    [SkippableFact]
    public async Task Two_published_nodes_behind_nginx_serve_a_working_app_and_a_crashed_node_costs_the_dashboard_a_reload()
    {
        Chromium.Require();
        var (balancer, portA, portB) = TestServers.RequireNginx();
        var server = TestServers.RequirePostgres();
        await using var redis = await RedisTestServer.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"leadactivity-published-{Guid.NewGuid():N}");
        var connectionString = PostgresTestDatabases.ConnectionString(server, $"la_test_{Environment.ProcessId}_published_{Guid.NewGuid():N}");
        try
        {
            await PublishAsync(Path.Combine(folder, "out"));
            var settings = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Events__Redis"] = redis.Configuration,
                ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
                ["Demo__AdminEmail"] = LeadActivityAppFactory.AdminEmail,
                ["Demo__AdminPassword"] = LeadActivityAppFactory.Password,
                ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information", // which node served what
            };
            var dll = Path.Combine(folder, "out", "LeadActivity.App.dll");
            using var nodeA = new AppProcess(connectionString, settings, dll, portA);
            using var nodeB = new AppProcess(connectionString, settings, dll, portB);
            nodeA.Start();
            nodeB.Start();
            await Task.WhenAll(nodeA.ListeningAsync(Patience), nodeB.ListeningAsync(Patience));

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = balancer.ToString() });
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();
            await page.SignInAsync(LeadActivityAppFactory.AdminEmail, LeadActivityAppFactory.Password); // waits for the circuit: the scripts load
            await page.OpenAsync("/");
            await page.Locator("#live-indicator").WaitForAsync();

            var mine = nodeA.Output.Contains("/account/sign-in", StringComparison.Ordinal) ? nodeA : nodeB;
            var other = mine == nodeA ? nodeB : nodeA;
            output.WriteLine($"nginx sends the browser to node {(mine == nodeA ? "A" : "B")}");
            var before = other.Output.Length;
            mine.Kill();

            // The circuit's reconnect reaches the other node through nginx, which refuses a circuit it does not know;
            // the page reloads from its address there, still signed in.
            var deadline = DateTime.UtcNow + Patience;
            while (!other.Output[before..].Contains($"GET {balancer} ", StringComparison.Ordinal)) // "GET http://…:port/ - …": the page itself
            {
                Assert.True(DateTime.UtcNow < deadline, $"the other node served no page after the crash:\n{other.Output[before..]}");
                await Task.Delay(200);
            }
            await page.WaitForInteractiveAsync();
            await page.Locator("#live-indicator").WaitForAsync();
            Assert.DoesNotContain("/account/sign-in", page.Url);
        }
        finally
        {
            await PostgresTestDatabases.DropAsync(connectionString);
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task PublishAsync(string output)
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "LeadActivity.sln")))
            repository = repository.Parent ?? throw new InvalidOperationException("the tests do not run from the repository");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet",
            ["publish", Path.Combine(repository.FullName, "LeadActivity.App", "LeadActivity.App.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = System.Diagnostics.Process.Start(start)!;
        var log = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await log}\n{await errors}");
    }

    private static async Task<int> StartImportAsync(LeadActivityAppFactory node, int campaignId, string csv)
    {
        await using var scope = await node.ActAsAsync();
        var importer = scope.ServiceProvider.GetRequiredService<LeadImporter>();
        var bytes = Encoding.UTF8.GetBytes(csv);
        using var content = new MemoryStream(bytes);
        var preview = (await importer.PreviewAsync(campaignId, await importer.SaveUploadAsync(content, "leads.csv", bytes.Length)))!;
        var (id, error) = await importer.StartAsync(campaignId, preview, ExistingLeadAction.Skip);
        Assert.Null(error);
        return id!.Value;
    }

    private static async Task<LeadImport> FindAsync(LeadActivityAppFactory node, int importId)
    {
        await using var db = node.Database.CreateContext(0);
        return await db.LeadImports.IgnoreQueryFilters().AsNoTracking().FirstAsync(i => i.Id == importId);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not true after {Patience.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    /// <summary>Records the paths a node served, to tell which node nginx sent the browser to.</summary>
    private sealed class Requests(ConcurrentQueue<string> paths) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                paths.Enqueue(context.Request.Path.Value ?? "");
                await nextMiddleware();
            });
            next(app);
        };
    }
}
