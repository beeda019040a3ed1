using LeadActivity.Domain.Import;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Tests.Import;

/// <summary>An import stopped half-way — cancelled, or its process dying mid-transaction — writes nothing.</summary>
public abstract class ImportInterruptionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportHarness harness = null!;

    public async Task InitializeAsync() => harness = await ImportHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [SkippableFact]
    public async Task Cancelling_half_way_rolls_back_every_row_and_says_so()
    {
        await harness.ImportAsync("phone,name\n+14155550199,Already here\n");
        var before = await harness.FingerprintAsync();
        var halfWay = 0;
        harness.Jobs.RowsWritten = (id, rows) =>
        {
            if (rows >= 4096 && halfWay == 0)
            {
                halfWay = rows;
                harness.Jobs.Cancel(id);
            }
        };

        var import = await StartAndWaitAsync(ImportHarness.ValidCsv(12_000));

        Assert.InRange(halfWay, 4096, 11_999);
        Assert.Equal(LeadImportState.Cancelled, import.State);
        Assert.Equal("Cancelled: the import was rolled back and nothing was imported.", import.Message);
        Assert.Equal(before, await harness.FingerprintAsync());
        Assert.False(File.Exists(harness.Storage.UploadOf(import.Id)));
    }

    [SkippableFact]
    public async Task A_crash_mid_transaction_writes_nothing_and_other_connections_never_see_a_partial_import()
    {
        var before = await harness.FingerprintAsync();
        var seenMidway = -1L;
        harness.Jobs.RowsWritten = (_, rows) =>
        {
            if (rows < 4096 || seenMidway >= 0)
                return;
            // While the import's transaction is open, a reader sees none of its rows.
            using (var reader = harness.Connections.Open())
            {
                using var count = reader.CreateCommand();
                count.CommandText = "SELECT count(*) FROM \"Leads\"";
                seenMidway = Convert.ToInt64(count.ExecuteScalar());
            }
            // The process dies here: the transaction is abandoned and its connection disposed without a commit.
            throw new InvalidOperationException("simulated crash");
        };

        var import = await StartAndWaitAsync(ImportHarness.ValidCsv(12_000));

        Assert.Equal(0, seenMidway);
        Assert.Equal(LeadImportState.Failed, import.State);
        Assert.Contains("rolled back: nothing was imported", import.Message);
        Assert.Equal(before, await harness.FingerprintAsync());
    }

    [SkippableFact]
    public async Task Imports_a_stopped_process_left_running_are_marked_failed_at_start_up()
    {
        int importId;
        await using (var db = harness.Database.Context(harness.OrganizationId))
        {
            var import = new LeadImport
            {
                CampaignId = harness.Campaign.Id, FileName = "big.csv", StartedBy = "Sam", StartedById = "u1",
                State = LeadImportState.Running, CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow,
                // This server's name (Node:Name), from before its restart: its heartbeat looks fresh, but it is this node's.
                Node = harness.Jobs.Node.Name, HeartbeatAt = DateTime.UtcNow,
            };
            db.LeadImports.Add(import);
            await db.SaveChangesAsync();
            importId = import.Id;
        }
        harness.Storage.Keep(await harness.UploadAsync("phone\n+14155550101\n"), importId);

        await harness.Jobs.RecoverInterruptedAsync();

        var recovered = (await harness.Importer.FindAsync(importId))!;
        Assert.Equal(LeadImportState.Failed, recovered.State);
        Assert.Contains("The server stopped during the import", recovered.Message);
        Assert.False(File.Exists(harness.Storage.UploadOf(importId)));
        Assert.Empty(await harness.LeadsAsync());
    }

    [SkippableFact]
    public async Task Progress_reports_rows_done_of_the_file_s_rows_while_the_import_runs()
    {
        var snapshots = new List<ImportProgress>();
        harness.Jobs.RowsWritten = (id, _) => snapshots.Add(harness.Importer.Progress(id)!);

        var import = await StartAndWaitAsync(ImportHarness.ValidCsv(10_000));

        Assert.Equal(LeadImportState.Completed, import.State);
        Assert.Equal(10_000, import.Created);
        Assert.All(snapshots, s => Assert.Equal((LeadImportState.Running, 10_000), (s.State, s.Rows)));
        Assert.Equal(snapshots.Select(s => s.RowsDone).Order(), snapshots.Select(s => s.RowsDone));
        Assert.Equal(10_000, snapshots[^1].RowsDone);
    }

    [SkippableFact]
    public async Task A_queued_import_counts_the_imports_ahead_of_it_and_the_first_one_has_none()
    {
        using var firstWriting = new SemaphoreSlim(0);
        using var letGo = new SemaphoreSlim(0);
        var held = 0;
        harness.Jobs.RowsWritten = (_, _) =>
        {
            if (Interlocked.Exchange(ref held, 1) == 1)
                return;
            firstWriting.Release();
            letGo.Wait(TimeSpan.FromSeconds(30)); // the first import holds the writer while the second is queued
        };

        var first = await harness.StartAsync(ImportHarness.ValidCsv(2_000));
        var firstAhead = harness.Importer.Progress(first)?.Ahead;
        Assert.True(await firstWriting.WaitAsync(TimeSpan.FromSeconds(30)));
        // Queued straight on the jobs: on SQLite, recording a second import waits for the first one's write lock.
        const int second = 1_000_000;
        harness.Jobs.Enqueue(harness.OrganizationId, second, 1);
        var waiting = harness.Importer.Progress(second)!;
        letGo.Release();
        await harness.Jobs.WhenFinishedAsync(first);
        await harness.Jobs.WhenFinishedAsync(second);

        Assert.Equal(0, firstAhead ?? 0);
        Assert.Equal((LeadImportState.Queued, 1), (waiting.State, waiting.Ahead));
        Assert.Equal(LeadImportState.Completed, (await harness.Importer.FindAsync(first))!.State);
    }

    private async Task<LeadImport> StartAndWaitAsync(string csv)
    {
        var preview = await harness.PreviewAsync(csv);
        var (id, error) = await harness.Importer.StartAsync(harness.Campaign.Id, preview, ExistingLeadAction.Skip);
        Assert.Null(error);
        await harness.Jobs.WhenFinishedAsync(id!.Value);
        return (await harness.Importer.FindAsync(id.Value))!;
    }
}

public sealed class ImportInterruptionOnSqliteTests() : ImportInterruptionTests(DatabaseProvider.Sqlite);

public sealed class ImportInterruptionOnPostgresTests() : ImportInterruptionTests(DatabaseProvider.Postgres);
