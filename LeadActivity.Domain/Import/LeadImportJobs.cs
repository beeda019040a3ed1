using System.Collections.Concurrent;
using System.Diagnostics;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Domain.Import;

/// <summary>
/// Runs committed imports on the server, one at a time (SQLite has one writer), independent of the circuit that
/// started them: leaving the page or closing the tab neither stops nor corrupts an import. Keeps each running
/// import's progress in memory for whoever looks.
/// </summary>
public sealed class LeadImportJobs(LeadActivityDatabase connections, ImportStorage storage, TimeProvider clock, ILogger<LeadImportJobs> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Job> _jobs = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Observes each job's rows as they are written: tests use it to stop an import half-way.</summary>
    internal Action<int, int>? RowsWritten { get; set; }

    /// <summary>
    /// Queues an import recorded as <see cref="LeadImportState.Queued"/>; it starts when the writer is free. The
    /// preview's reading of the file (<paramref name="format"/>, <paramref name="dateOrders"/>) spares the commit a pass.
    /// </summary>
    public void Enqueue(int organizationId, int importId, int rows, CsvFileFormat? format = null,
        IReadOnlyDictionary<string, Campaigns.DateOrder>? dateOrders = null, Dictionary<long, int>? scanBuffer = null)
    {
        var job = new Job(importId, organizationId, rows, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            Format = format, DateOrders = dateOrders, ScanBuffer = scanBuffer,
        };
        if (!_jobs.TryAdd(importId, job))
            return;
        job.Task = Task.Run(() => RunAsync(organizationId, job));
    }

    /// <summary>The progress of an import of <paramref name="organizationId"/> while it is queued or running, else null.</summary>
    public ImportProgress? Progress(int importId, int organizationId) =>
        _jobs.TryGetValue(importId, out var job) && job.OrganizationId == organizationId ? job.Snapshot() : null;

    /// <summary>Asks a queued or running import to stop; its transaction rolls back. False when it is not running.</summary>
    public bool Cancel(int importId)
    {
        if (!_jobs.TryGetValue(importId, out var job))
            return false;
        job.Cancel.Cancel();
        return true;
    }

    /// <summary>Waits until the import has finished (tests and shutdown).</summary>
    public Task WhenFinishedAsync(int importId) => _jobs.TryGetValue(importId, out var job) && job.Task is { } task ? task : Task.CompletedTask;

    /// <summary>
    /// At start-up: imports left queued or running by a stopped process never committed (their transaction died with
    /// it), so they are marked failed, and their files removed.
    /// </summary>
    public async Task RecoverInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = connections.CreateContext(0);
        var interrupted = await db.LeadImports.IgnoreQueryFilters()
            .Where(i => i.State == LeadImportState.Queued || i.State == LeadImportState.Running).ToListAsync(cancellationToken);
        foreach (var import in interrupted)
        {
            import.State = LeadImportState.Failed;
            import.Message = "The server stopped during the import, so it was rolled back: nothing was imported. Upload the file again to retry.";
            import.FinishedAt = clock.GetUtcNow().UtcDateTime;
            storage.Delete(storage.UploadOf(import.Id));
        }
        db.AllowWritesAcrossOrganizations();
        await db.SaveChangesAsync(cancellationToken);
        storage.SweepAbandonedUploads(clock.GetUtcNow().UtcDateTime);
    }

    private async Task RunAsync(int organizationId, Job job)
    {
        var cancellationToken = job.Cancel.Token;
        try
        {
            await _writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await FinishAsync(organizationId, job.ImportId, LeadImportState.Cancelled, CancelledMessage());
            return;
        }

        try
        {
            var factory = connections.CreateFactory(organizationId);
            LeadImport import;
            Campaigns.Campaign campaign;
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            {
                import = await db.LeadImports.FirstAsync(i => i.Id == job.ImportId, cancellationToken);
                campaign = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == import.CampaignId, cancellationToken);
                import.State = LeadImportState.Running;
                import.StartedAt = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(cancellationToken);
            }
            job.Started();
            var timings = await LeadImporter.RunAsync(new LeadImporter.RunContext(import, campaign, connections, storage, clock, job.Format, job.DateOrders, job.ScanBuffer), rows =>
            {
                job.RowsDone = rows;
                RowsWritten?.Invoke(job.ImportId, rows);
            }, cancellationToken, job.Indexing);
            logger.LogInformation("Import {ImportId} committed: {Timings}", job.ImportId, timings);
            _checkpoint = CheckpointAsync(_checkpoint);
        }
        catch (OperationCanceledException)
        {
            await FinishAsync(organizationId, job.ImportId, LeadImportState.Cancelled, CancelledMessage());
        }
        catch (ImportFileException e)
        {
            await FinishAsync(organizationId, job.ImportId, LeadImportState.Failed, $"{e.Message} Nothing was imported.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Import {ImportId} failed", job.ImportId);
            await FinishAsync(organizationId, job.ImportId, LeadImportState.Failed,
                "The import stopped on an unexpected error and was rolled back: nothing was imported. Try again; if it fails again, tell us.");
        }
        finally
        {
            storage.Delete(storage.UploadOf(job.ImportId));
            _writer.Release();
            _jobs.TryRemove(job.ImportId, out _);
            job.Cancel.Dispose();
        }
    }

    private Task _checkpoint = Task.CompletedTask;

    /// <summary>
    /// Folds the import's write-ahead log into the database in the background, once the import is committed and shown
    /// as done. The import's own connection does not checkpoint at its commit (a million rows: a few hundred MB to
    /// copy); a passive checkpoint blocks neither readers nor writers, and leaves for the next one what it cannot copy.
    /// </summary>
    private async Task CheckpointAsync(Task previous)
    {
        await previous;
        try
        {
            await Task.Yield();
            await using var connection = connections.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Checkpointing after an import failed; the next writer's checkpoint will do it");
        }
    }

    private string CancelledMessage() => _stopping.IsCancellationRequested
        ? "The server was stopped during the import, so it was rolled back: nothing was imported."
        : "Cancelled: the import was rolled back and nothing was imported.";

    private async Task FinishAsync(int organizationId, int importId, LeadImportState state, string message)
    {
        try
        {
            await using var db = connections.CreateContext(organizationId);
            var import = await db.LeadImports.FirstOrDefaultAsync(i => i.Id == importId);
            if (import is null || import.State is LeadImportState.Completed)
                return;
            import.State = state;
            import.Message = message;
            import.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }
        catch (Exception e)
        {
            // The start-up recovery marks it failed should this write not happen.
            logger.LogError(e, "Could not record the end of import {ImportId}", importId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_jobs.Values.Select(j => j.Task ?? Task.CompletedTask));
        await _checkpoint;
        _stopping.Dispose();
    }

    private sealed class Job(int importId, int organizationId, int rows, CancellationTokenSource cancel)
    {
        private readonly Stopwatch _elapsed = new();
        private volatile bool _running;

        public int ImportId { get; } = importId;
        public int OrganizationId { get; } = organizationId;
        public CancellationTokenSource Cancel { get; } = cancel;
        public Task? Task { get; set; }
        public CsvFileFormat? Format { get; init; }
        public IReadOnlyDictionary<string, Campaigns.DateOrder>? DateOrders { get; init; }
        public Dictionary<long, int>? ScanBuffer { get; init; }
        public volatile int RowsDone;

        private volatile bool _indexing;

        public void Indexing() => _indexing = true;

        public void Started()
        {
            _elapsed.Start();
            _running = true;
        }

        public ImportProgress Snapshot()
        {
            var done = RowsDone;
            var seconds = _elapsed.Elapsed.TotalSeconds;
            return new ImportProgress(ImportId, _running ? LeadImportState.Running : LeadImportState.Queued, done, rows,
                seconds > 0.2 ? done / seconds : 0) { Indexing = _indexing };
        }
    }
}
