using System.Diagnostics;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LeadActivity.Tests.Browser;

/// <summary>
/// Two app servers on two ports sharing one PostgreSQL database and one Redis, as behind a load balancer: a dashboard
/// on node B shows what is posted to node A, and a Redis restart costs it nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MultiNodeBrowserTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task An_activity_posted_to_node_A_reaches_a_dashboard_on_node_B_within_a_second_and_a_Redis_restart_loses_no_event()
    {
        Chromium.Require();
        await using var redis = await RedisTestServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["Events:Redis"] = redis.Configuration };
        await using var nodeA = new PostgresAppFactory { DemoLeads = 30, Settings = settings };
        var a = nodeA.StartOnRealPort();
        await using var nodeB = new PostgresAppFactory { SameDatabaseAs = nodeA, DemoLeads = 30, Settings = settings };
        var b = nodeB.StartOnRealPort();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = b.ToString() });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // Signed in on node A: cookies belong to the host, not the port, so node B receives A's cookie, as both would
        // behind one address, and reads it with the keys they share through the database.
        await page.SignInAsync(LeadActivityAppFactory.AdminEmail, LeadActivityAppFactory.Password, a);
        await page.OpenAsync("/");
        await page.Locator("#live-indicator").WaitForAsync();
        using var api = new HttpClient { BaseAddress = a };
        api.DefaultRequestHeaders.Add("X-Api-Key", LeadActivityAppFactory.ApiKey);
        var lead = await LeadAsync(nodeA.Database);

        var started = Stopwatch.StartNew();
        var first = await LiveActivityBrowserTests.PostCallAsync(api, lead, "Posted to node A");
        await page.Locator($"#activity-feed [data-activity-id='{first}']").WaitForAsync(new() { Timeout = 5_000 });
        var latency = started.Elapsed;
        output.WriteLine($"POST to node A → widget on node B: {latency.TotalMilliseconds:F0} ms");
        Assert.True(latency < TimeSpan.FromSeconds(1), $"took {latency.TotalMilliseconds:F0} ms");

        // Redis restarts in the middle of a stream of activities: those posted while it is down reach no node
        // through it, and node B catches its dashboard up from the database once its connection is back.
        var ids = new List<long>();
        await redis.StopAsync();
        for (var i = 0; i < 3; i++)
            ids.Add(await LiveActivityBrowserTests.PostCallAsync(api, lead, $"While Redis is down {i}"));
        await redis.RestartAsync();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await LiveActivityBrowserTests.PostCallAsync(api, lead, $"After Redis is back {i}"));
            await Task.Delay(300);
        }

        await page.WaitForFunctionAsync(
            "ids => ids.every(id => document.querySelectorAll(`#activity-feed [data-activity-id='${id}']`).length === 1)",
            ids, new() { Timeout = 30_000 });
        var shown = await page.Locator("#activity-feed [data-activity-id]").EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.activityId))");
        Assert.Equal(Enumerable.Reverse(ids), shown.Where(ids.Contains));
        Assert.Equal(shown.Length, shown.Distinct().Count());
    }

    private static async Task<Domain.Leads.Lead> LeadAsync(LeadActivityDatabase database)
    {
        var organizationId = await DatabaseInitializer.FindOrganizationIdAsync(database, "demo") ?? throw new InvalidOperationException("no demo");
        await using var db = database.CreateContext(organizationId);
        return await db.Leads.Where(l => l.Phone != null && l.Campaign!.Channel == Domain.Campaigns.Channel.Phone).OrderBy(l => l.Id).FirstAsync();
    }
}
