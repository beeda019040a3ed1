using LeadActivity.Domain.Import;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Tests.Import;

/// <summary>
/// Several app servers on one PostgreSQL database: an import belongs to the server running it, a live one is never
/// failed by another server, one whose server stopped beating is failed and applies nothing, and imports into one
/// campaign never make a number twice. (SQLite has one app process per file: nothing of this applies there.)
/// </summary>
public sealed class ImportNodesTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ImportHarness harness = null!;

    public async Task InitializeAsync()
    {
        if (Support.TestServers.Postgres is not null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            harness = await ImportHarness.CreateAsync(DatabaseProvider.Postgres);
    }

    public async Task DisposeAsync()
    {
        if (harness is not null)
            await harness.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_live_import_on_another_server_is_not_failed_by_a_server_starting_up_or_sweeping()
    {
        Support.TestServers.RequirePostgres();
        harness.Jobs.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        var (nodeB, _) = harness.AddNode("node-b");
        nodeB.Lease = TimeSpan.FromSeconds(1);
        using var paused = PauseHalfWay(harness.Jobs, out var halfWay);

        var id = await harness.StartAsync(ImportHarness.ValidCsv(12_000));
        Assert.True(await halfWay.WaitAsync(Patience));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past node B's lease: only node A's heartbeat keeps the import alive
        await nodeB.RecoverInterruptedAsync();
        var swept = await nodeB.SweepStaleAsync();
        var meanwhile = (await harness.Importer.FindAsync(id))!;
        paused.Set();
        await harness.Jobs.WhenFinishedAsync(id);

        Assert.Equal(0, swept);
        Assert.Equal((LeadImportState.Running, "node-a"), (meanwhile.State, meanwhile.Node));
        var import = (await harness.Importer.FindAsync(id))!;
        Assert.Equal(LeadImportState.Completed, import.State);
        Assert.Equal(12_000, import.Created);
        Assert.Equal(12_000, (await harness.LeadsAsync()).Count);
    }

    [SkippableFact]
    public async Task An_import_whose_server_stopped_beating_is_failed_by_another_server_and_nothing_of_it_is_applied()
    {
        Support.TestServers.RequirePostgres();
        var before = await harness.FingerprintAsync();
        harness.Jobs.HeartbeatInterval = TimeSpan.FromHours(1); // node A stalls: no beat after it takes the import
        var (nodeB, _) = harness.AddNode("node-b");
        nodeB.Lease = TimeSpan.FromSeconds(1);
        using var paused = PauseHalfWay(harness.Jobs, out var halfWay);

        var id = await harness.StartAsync(ImportHarness.ValidCsv(12_000));
        Assert.True(await halfWay.WaitAsync(Patience));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var swept = await nodeB.SweepStaleAsync();
        var failed = (await harness.Importer.FindAsync(id))!;
        // Node A wakes up and carries on: its commit finds the import no longer its own and rolls back.
        paused.Set();
        await harness.Jobs.WhenFinishedAsync(id);

        Assert.Equal(1, swept);
        Assert.Equal(LeadImportState.Failed, failed.State);
        Assert.Contains("The server stopped during the import", failed.Message);
        var import = (await harness.Importer.FindAsync(id))!;
        Assert.Equal((LeadImportState.Failed, failed.Message, 0), (import.State, import.Message, import.Created));
        Assert.Empty(await harness.LeadsAsync());
        Assert.Equal(before, await harness.FingerprintAsync());
    }

    [SkippableFact]
    public async Task A_queued_import_no_server_took_within_the_lease_is_failed_by_the_sweep()
    {
        Support.TestServers.RequirePostgres();
        var (nodeB, _) = harness.AddNode("node-b");
        nodeB.Lease = TimeSpan.FromSeconds(1);
        int id;
        await using (var db = harness.Database.Context(harness.OrganizationId))
        {
            var import = new LeadImport
            {
                CampaignId = harness.Campaign.Id, FileName = "lost.csv", StartedBy = "Sam", StartedById = "u1", State = LeadImportState.Queued,
                Node = "node-gone", CreatedAt = DateTime.UtcNow.AddMinutes(-5), HeartbeatAt = DateTime.UtcNow.AddMinutes(-5),
            };
            db.LeadImports.Add(import);
            await db.SaveChangesAsync();
            id = import.Id;
        }

        Assert.Equal(1, await nodeB.SweepStaleAsync());

        Assert.Equal(LeadImportState.Failed, (await harness.Importer.FindAsync(id))!.State);
    }

    [SkippableFact]
    public async Task Two_servers_importing_overlapping_files_into_one_campaign_at_once_make_each_number_once()
    {
        Support.TestServers.RequirePostgres();
        var (nodeB, importerB) = harness.AddNode("node-b");
        var rows = ImportHarness.ValidCsv(6_000).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..].Select(r => r + ",").ToArray();
        // Rows 1-4000 on node A, 2001-6000 on node B, and a WhatsApp-only lead in both (no unique index covers it).
        const string header = "phone,name,company,whatsapp\n", whatsAppOnly = ",Whats,Acme,+447911123456\n";
        var first = header + string.Join('\n', rows[..4000]) + "\n" + whatsAppOnly;
        var second = header + string.Join('\n', rows[2000..]) + "\n" + whatsAppOnly;

        // Both previews run before either commit, so each plans to create every one of its rows.
        var previewA = (await harness.Importer.PreviewAsync(harness.Campaign.Id, await harness.UploadAsync(first)))!;
        var previewB = (await importerB.PreviewAsync(harness.Campaign.Id, await harness.UploadAsync(second)))!;
        Assert.Equal((4001, 4001), (previewA.New, previewB.New));
        var a = await harness.Importer.StartAsync(harness.Campaign.Id, previewA, ExistingLeadAction.Skip);
        var b = await importerB.StartAsync(harness.Campaign.Id, previewB, ExistingLeadAction.Skip);
        await Task.WhenAll(harness.Jobs.WhenFinishedAsync(a.ImportId!.Value), nodeB.WhenFinishedAsync(b.ImportId!.Value));

        var importA = (await harness.Importer.FindAsync(a.ImportId.Value))!;
        var importB = (await harness.Importer.FindAsync(b.ImportId.Value))!;
        Assert.Equal((LeadImportState.Completed, LeadImportState.Completed), (importA.State, importB.State));
        var leads = await harness.LeadsAsync();
        Assert.Equal(6_001, leads.Count);
        Assert.Equal(leads.Count, leads.Select(l => l.Phone ?? l.WhatsApp).Distinct().Count());
        Assert.Equal(6_001, importA.Created + importB.Created);
        Assert.Equal(2_001, importA.Skipped + importB.Skipped);
    }

    /// <summary>Holds <paramref name="jobs"/>' import once it has written 4,096 rows, until the returned event is set.</summary>
    private static ManualResetEventSlim PauseHalfWay(LeadImportJobs jobs, out SemaphoreSlim halfWay)
    {
        var resume = new ManualResetEventSlim();
        var reached = new SemaphoreSlim(0);
        var paused = 0;
        jobs.RowsWritten = (_, rows) =>
        {
            if (rows >= 4096 && Interlocked.Exchange(ref paused, 1) == 0)
            {
                reached.Release();
                resume.Wait(Patience);
            }
        };
        halfWay = reached;
        return resume;
    }
}
