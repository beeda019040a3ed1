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
/// <remarks>
/// With several servers on one PostgreSQL database, an import belongs to the server (<see cref="AppNode"/>) that
/// queued it: the import row carries its name, and while the import is queued or running that server beats its
/// heartbeat every <see cref="HeartbeatInterval"/> on a connection of its own (the import's transaction stays open
/// until it commits). An import whose heartbeat is older than <see cref="Lease"/> died with its server: any server
/// marks it failed (<see cref="SweepStaleAsync"/>), and its transaction — aborted with its connection — applied
/// nothing. Should its server only have stalled, the commit finds the import no longer its own and rolls back.
/// </remarks>
public sealed class LeadImportJobs(LeadActivityDatabase database, ImportStorage storage, AppNode node, TimeProvider clock, ILogger<LeadImportJobs> logger)
    : IAsyncDisposable
{
    private const string InterruptedMessage =
        "The server stopped during the import, so it was rolled back: nothing was imported. Upload the file again to retry.";

    private readonly ConcurrentDictionary<int, Job> _jobs = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _beating = new();
    private Task? _heartbeat;
    private long _enqueued;

    /// <summary>This server, as its imports record it.</summary>
    public AppNode Node => node;

    /// <summary>How long an import may go without a heartbeat before the other servers take its server for dead.</summary>
    internal TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often this server beats for its queued and running imports: well inside the lease.</summary>
    internal TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often, where servers share the database, this server writes its imports' progress there (so any server
    /// shows it) and reads whether someone, on any server, asked to cancel one.
    /// </summary>
    internal TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

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
            Format = format, DateOrders = dateOrders, ScanBuffer = scanBuffer, Turn = Interlocked.Increment(ref _enqueued),
        };
        if (!_jobs.TryAdd(importId, job))
            return;
        job.Task = Task.Run(() => RunAsync(organizationId, job));
        if (database.Stores.Imports.SharedByServers)
            EnsureBeating();
    }

    /// <summary>The progress of an import of <paramref name="organizationId"/> while it is queued or running, else null.</summary>
    /// <remarks>
    /// A queued import counts the imports ahead of it, whichever campaign or organization they are for (the writer
    /// takes them in turn), so the page says it waits only when one does.
    /// </remarks>
    public ImportProgress? Progress(int importId, int organizationId)
    {
        if (!_jobs.TryGetValue(importId, out var job) || job.OrganizationId != organizationId)
            return null;
        var progress = job.Snapshot();
        return progress.State == LeadImportState.Queued
            ? progress with { Ahead = _jobs.Values.Count(j => j.Turn < job.Turn && j.Task is { IsCompleted: false }) }
            : progress;
    }

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
    /// it), so they are marked failed, and their files removed. On SQLite that is every unfinished import (one
    /// process owns the file); on PostgreSQL, those of this server's name and those whose heartbeat is stale — never
    /// another live server's.
    /// </summary>
    public async Task RecoverInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await FailInterruptedAsync(includeThisNode: true, cancellationToken);
        storage.SweepAbandonedUploads(clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Marks failed the imports whose server stopped beating for them (PostgreSQL; on SQLite the start-up recovery is
    /// enough). A background service calls it now and then, so an import whose server died shows as failed without
    /// waiting for that server to come back. Returns how many it marked.
    /// </summary>
    public Task<int> SweepStaleAsync(CancellationToken cancellationToken = default) =>
        database.Stores.Imports.SharedByServers ? FailInterruptedAsync(includeThisNode: false, cancellationToken) : Task.FromResult(0);

    private async Task<int> FailInterruptedAsync(bool includeThisNode, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staleBefore = now - Lease;
        var everyUnfinished = !database.Stores.Imports.SharedByServers;
        var thisNode = node.Name;
        await using var db = database.CreateContext(0);
        db.AllowWritesAcrossOrganizations();
        // The same condition selects and marks, so an import that beat or finished in between is left alone.
        IQueryable<LeadImport> Interrupted() => db.LeadImports.IgnoreQueryFilters().Where(i =>
            (i.State == LeadImportState.Queued || i.State == LeadImportState.Running)
            && (everyUnfinished || (includeThisNode && i.Node == thisNode) || (i.HeartbeatAt ?? i.CreatedAt) < staleBefore));
        var ids = await Interrupted().Select(i => i.Id).ToListAsync(cancellationToken);
        var failed = 0;
        foreach (var id in ids)
        {
            if (_jobs.ContainsKey(id))
                continue; // running here: alive by definition
            var marked = await Interrupted().Where(i => i.Id == id).ExecuteUpdateAsync(i => i
                .SetProperty(x => x.State, LeadImportState.Failed)
                .SetProperty(x => x.Message, InterruptedMessage)
                .SetProperty(x => x.FinishedAt, now), cancellationToken);
            if (marked == 0)
                continue;
            failed++;
            storage.Delete(storage.UploadOf(id)); // on this server only; another server's file went with it
            logger.LogWarning("Import {ImportId} was interrupted (its server stopped) and is marked failed", id);
        }
        return failed;
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
            var factory = database.CreateFactory(organizationId);
            LeadImport import;
            Campaigns.Campaign campaign;
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            {
                // Taken only while still queued: a queued import another server found stale is failed, not run.
                var now = clock.GetUtcNow().UtcDateTime;
                var taken = await db.LeadImports.Where(i => i.Id == job.ImportId && i.State == LeadImportState.Queued).ExecuteUpdateAsync(i => i
                    .SetProperty(x => x.State, LeadImportState.Running)
                    .SetProperty(x => x.StartedAt, now)
                    .SetProperty(x => x.Node, node.Name)
                    .SetProperty(x => x.HeartbeatAt, now), cancellationToken);
                if (taken == 0)
                {
                    logger.LogWarning("Import {ImportId} was no longer queued when its turn came; not running it", job.ImportId);
                    return;
                }
                import = await db.LeadImports.AsNoTracking().FirstAsync(i => i.Id == job.ImportId, cancellationToken);
                campaign = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == import.CampaignId, cancellationToken);
            }
            job.Started();
            var timings = await LeadImporter.RunAsync(new LeadImporter.RunContext(import, campaign, database, storage, clock, job.Format, job.DateOrders, job.ScanBuffer,
                node.Name), rows =>
            {
                job.RowsDone = rows;
                RowsWritten?.Invoke(job.ImportId, rows);
            }, cancellationToken, job.Indexing);
            logger.LogInformation("Import {ImportId} committed: {Timings}", job.ImportId, timings);
            await StoreRejectedRowsAsync(organizationId, job.ImportId);
            _afterCommit = AfterCommitAsync(database.Stores.Imports.AfterCommitAsync());
        }
        catch (Exception e) when (job.TakenOver || e is ImportTakenOverException)
        {
            // Another server marked it failed while this one stalled; that verdict stands and nothing was committed.
            logger.LogWarning("Import {ImportId} was taken for dead by another server and rolled back here", job.ImportId);
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

    private string CancelledMessage() => _stopping.IsCancellationRequested
        ? "The server was stopped during the import, so it was rolled back: nothing was imported."
        : "Cancelled: the import was rolled back and nothing was imported.";

    private async Task FinishAsync(int organizationId, int importId, LeadImportState state, string message)
    {
        try
        {
            await using var db = database.CreateContext(organizationId);
            var import = await db.LeadImports.FirstOrDefaultAsync(i => i.Id == importId);
            // Only an unfinished import's end is this server's to record: one another server already failed keeps its message.
            if (import is null || import.State is not (LeadImportState.Queued or LeadImportState.Running))
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

    private Task? _progressBeat;

    private void EnsureBeating()
    {
        lock (_beating)
        {
            _heartbeat ??= Task.Run(BeatAsync);
            _progressBeat ??= Task.Run(ShareProgressAsync);
        }
    }

    /// <summary>
    /// Writes each of this server's imports' rows done to its row and reads back whether a cancel was asked for there
    /// (by a person on any server), every <see cref="ProgressInterval"/>; stops when none is left.
    /// </summary>
    private async Task ShareProgressAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(ProgressInterval, clock);
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                lock (_beating)
                {
                    if (_jobs.IsEmpty)
                    {
                        _progressBeat = null;
                        return;
                    }
                }
                try
                {
                    await using var connection = await database.OpenAsync(_stopping.Token);
                    await using var share = connection.CreateCommand();
                    share.CommandText = """
                        UPDATE "LeadImports" SET "RowsDone" = @rows
                        WHERE "Id" = @id AND "State" IN ('Queued', 'Running')
                        RETURNING "CancelRequested"
                        """;
                    var rows = LeadActivityDatabase.Parameter(share, "@rows", 0);
                    var id = LeadActivityDatabase.Parameter(share, "@id", 0);
                    foreach (var job in _jobs.Values)
                    {
                        rows.Value = job.RowsDone;
                        id.Value = job.ImportId;
                        if (await share.ExecuteScalarAsync(_stopping.Token) is { } cancel and not DBNull && Convert.ToBoolean(cancel)
                            && job.Task is { IsCompleted: false })
                        {
                            logger.LogInformation("Import {ImportId} is cancelled at the request of a person on another server", job.ImportId);
                            await job.Cancel.CancelAsync();
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Could not share the progress of this server's imports ({Problem}); trying again", e.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // a job's cancellation source went with its job between the read and the cancel
        }
    }

    /// <summary>
    /// Asks for an import's cancel in the database, for the server running it to act on at its next progress beat.
    /// False when the import is no longer queued or running.
    /// </summary>
    public async Task<bool> RequestCancelAsync(int organizationId, int importId, CancellationToken cancellationToken)
    {
        if (Cancel(importId))
            return true;
        await using var db = database.CreateContext(organizationId);
        return await db.LeadImports.Where(i => i.Id == importId && (i.State == LeadImportState.Queued || i.State == LeadImportState.Running))
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.CancelRequested, true), cancellationToken) > 0;
    }

    /// <summary>
    /// A queued or running import's progress on whichever server runs it: from memory when it runs here, else as its
    /// server last wrote it to the database. Null when it is not queued or running.
    /// </summary>
    public async Task<ImportProgress?> ProgressAsync(int importId, int organizationId, CancellationToken cancellationToken)
    {
        if (Progress(importId, organizationId) is { } here)
            return here;
        await using var db = database.CreateContext(organizationId);
        var import = await db.LeadImports.AsNoTracking()
            .Where(i => i.Id == importId && (i.State == LeadImportState.Queued || i.State == LeadImportState.Running))
            .Select(i => new { i.State, i.RowsDone, i.Rows, i.StartedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (import is null)
            return null;
        var seconds = import.StartedAt is { } started ? (clock.GetUtcNow().UtcDateTime - started).TotalSeconds : 0;
        return new ImportProgress(importId, import.State, import.RowsDone, import.Rows, seconds > 1 ? import.RowsDone / seconds : 0);
    }

    /// <summary>
    /// Keeps a committed import's rejected rows in the database, where every server serves them; the file stays on
    /// this server as the fallback.
    /// </summary>
    private async Task StoreRejectedRowsAsync(int organizationId, int importId)
    {
        var path = storage.RejectedOf(importId);
        if (!File.Exists(path))
            return;
        try
        {
            await using var db = database.CreateContext(organizationId);
            db.LeadImportRejectedRows.Add(new LeadImportRejectedRows
            {
                ImportId = importId, OrganizationId = organizationId, Csv = await File.ReadAllBytesAsync(path),
            });
            await db.SaveChangesAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not keep the rejected rows of import {ImportId} in the database ({Problem}); this server still serves them",
                importId, e.GetBaseException().Message);
        }
    }

    /// <summary>
    /// Beats for every import this server has queued or running, one statement each interval, on a connection of its
    /// own; stops when none is left (the next import starts it again). An import that no longer answers to this
    /// server's name was taken for dead by another one: its job is cancelled, as its commit would be refused.
    /// </summary>
    private async Task BeatAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(HeartbeatInterval, clock);
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                lock (_beating)
                {
                    if (_jobs.IsEmpty)
                    {
                        _heartbeat = null;
                        return;
                    }
                }
                try
                {
                    await BeatOnceAsync(_stopping.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed beat or two is what the lease allows for; a database down for longer fails the imports anyway.
                    logger.LogWarning(e, "Could not beat the heartbeat of this server's imports");
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task BeatOnceAsync(CancellationToken cancellationToken)
    {
        // Only the jobs that were here before the beat can be missing from its answer because another node took them
        // over; one enqueued while the beat ran was simply not there yet.
        var before = _jobs.Values.ToList();
        var ours = new HashSet<int>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var beat = connection.CreateCommand())
        {
            beat.CommandText = """
                UPDATE "LeadImports" SET "HeartbeatAt" = @now
                WHERE "Node" = @node AND "State" IN ('Queued', 'Running')
                RETURNING "Id"
                """;
            LeadActivityDatabase.Parameter(beat, "@now", UtcTicksConverter.ToTicks(clock.GetUtcNow().UtcDateTime));
            LeadActivityDatabase.Parameter(beat, "@node", node.Name);
            await using var reader = await beat.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                ours.Add(reader.GetInt32(0));
        }
        foreach (var job in before)
        {
            // A job that has just committed is no longer running, and no longer cancellable either: this is harmless.
            if (!ours.Contains(job.ImportId) && job.Task is { IsCompleted: false })
            {
                job.TakenOver = true;
                await job.Cancel.CancelAsync();
            }
        }
    }

    private Task _afterCommit = Task.CompletedTask;

    private async Task AfterCommitAsync(Task work)
    {
        try
        {
            await work;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Work after an import's commit (a checkpoint) failed; the next writer's checkpoint will do it");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_jobs.Values.Select(j => j.Task ?? Task.CompletedTask));
        Task? heartbeat, progress;
        lock (_beating)
            (heartbeat, progress) = (_heartbeat, _progressBeat);
        if (heartbeat is not null)
            await heartbeat;
        if (progress is not null)
            await progress;
        await _afterCommit;
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

        /// <summary>Its place in this server's queue: the writer is handed over in the order imports are enqueued.</summary>
        public long Turn { get; init; }

        public CsvFileFormat? Format { get; init; }
        public IReadOnlyDictionary<string, Campaigns.DateOrder>? DateOrders { get; init; }
        public Dictionary<long, int>? ScanBuffer { get; init; }
        public volatile int RowsDone;

        /// <summary>Another server marked this import failed: its end is not this server's to record.</summary>
        public volatile bool TakenOver;

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
