using System.Net;
using System.Text;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Tests.Import;

/// <summary>
/// Two app servers on one PostgreSQL database, a person on each: an import started on node A is followed, cancelled
/// and its rejected rows downloaded from node B, as a person whose browser the balancer sent to B would.
/// </summary>
public sealed class ImportAcrossNodesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task An_import_running_on_node_A_shows_its_progress_on_node_B_and_a_cancel_there_rolls_it_back()
    {
        TestServers.RequirePostgres();
        await using var nodeA = new PostgresAppFactory { DemoLeads = 10 };
        await using var nodeB = new PostgresAppFactory { SameDatabaseAs = nodeA, DemoLeads = 10 };
        var campaignId = await nodeA.AddCampaignAsync("Across nodes");
        _ = nodeB.Services;
        var jobsA = nodeA.Services.GetRequiredService<LeadImportJobs>();
        jobsA.ProgressInterval = TimeSpan.FromMilliseconds(100);
        using var resume = new ManualResetEventSlim();
        var paused = new SemaphoreSlim(0);
        var pausedOnce = 0;
        jobsA.RowsWritten = (_, rows) =>
        {
            if (rows >= 4096 && Interlocked.Exchange(ref pausedOnce, 1) == 0)
            {
                paused.Release();
                resume.Wait(Patience);
            }
        };

        int importId;
        await using (var scopeA = await nodeA.ActAsAsync())
            importId = await StartAsync(scopeA.ServiceProvider.GetRequiredService<LeadImporter>(), campaignId, ImportHarness.ValidCsv(12_000));
        Assert.True(await paused.WaitAsync(Patience), "the import did not start writing on node A");

        await using var scopeB = await nodeB.ActAsAsync();
        var importerB = scopeB.ServiceProvider.GetRequiredService<LeadImporter>();
        Assert.Null(importerB.Progress(importId)); // not in node B's memory: what B shows comes from the database
        var progress = await WaitForAsync(() => importerB.ProgressAsync(importId), p => p is { RowsDone: >= 4096 });
        Assert.Equal((LeadImportState.Running, 12_000), (progress!.State, progress.Rows));

        Assert.Null((await importerB.CancelAsync(importId)).Error);
        await Task.Delay(TimeSpan.FromSeconds(1)); // node A reads the request at its next progress beat (100 ms here)
        resume.Set();
        await jobsA.WhenFinishedAsync(importId);

        var import = await importerB.FindAsync(importId);
        Assert.Equal(LeadImportState.Cancelled, import!.State);
        await using var db = nodeA.Database.CreateContext(0);
        Assert.Equal(0, await db.Leads.IgnoreQueryFilters().CountAsync(l => l.CampaignId == campaignId)); // rolled back: no row landed
    }

    [SkippableFact]
    public async Task The_rejected_rows_of_an_import_run_on_node_A_download_from_node_B()
    {
        TestServers.RequirePostgres();
        await using var nodeA = new PostgresAppFactory { DemoLeads = 10 };
        await using var nodeB = new PostgresAppFactory { SameDatabaseAs = nodeA, DemoLeads = 10 };
        var campaignId = await nodeA.AddCampaignAsync("Rejects across nodes");
        var csv = ImportHarness.ValidCsv(20) + "12345,Too short,Acme\nnot a phone,Nobody,Acme\n";

        int importId;
        await using (var scopeA = await nodeA.ActAsAsync())
            importId = await StartAsync(scopeA.ServiceProvider.GetRequiredService<LeadImporter>(), campaignId, csv);
        await nodeA.Services.GetRequiredService<LeadImportJobs>().WhenFinishedAsync(importId);
        // Node A's own copy of the file is gone, as it would be on another machine: node B answers from the database.
        Directory.Delete(Path.GetDirectoryName(nodeA.Services.GetRequiredService<ImportStorage>().RejectedOf(importId))!, recursive: true);

        using var clientB = await nodeB.SignedInClientAsync();
        var response = await clientB.GetAsync($"/imports/{importId}/rejected.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("12345", body);
        Assert.Contains("not a phone", body);
        Assert.DoesNotContain("Lead 0,", body);
    }

    private static async Task<int> StartAsync(LeadImporter importer, int campaignId, string csv)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        using var content = new MemoryStream(bytes);
        var upload = await importer.SaveUploadAsync(content, "leads.csv", bytes.Length);
        var preview = (await importer.PreviewAsync(campaignId, upload))!;
        var (id, error) = await importer.StartAsync(campaignId, preview, ExistingLeadAction.Skip);
        Assert.Null(error);
        return id!.Value;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"still {value} after {Patience.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
