using System.Collections.Concurrent;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Domain.Leads.Bulk;

/// <summary>What a running bulk action is doing: its step, counted.</summary>
public sealed record BulkProgress(string Step, int StepNumber);

/// <summary>
/// Runs bulk actions on the server, independent of the circuit that asked (leaving the page neither stops nor
/// corrupts one), one at a time per server. The action's row carries its state for every server; the step it is on
/// is kept here for whoever looks on this server.
/// </summary>
public sealed class LeadBulkJobs(LeadActivityDatabase database, ActivityStream stream, AppNode node, TimeProvider clock, ILogger<LeadBulkJobs> logger)
{
    private readonly ConcurrentDictionary<int, Job> _jobs = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Queues the action recorded as <see cref="BulkActionState.Queued"/>.</summary>
    public void Enqueue(int organizationId, int bulkActionId)
    {
        var job = new Job(organizationId);
        if (_jobs.TryAdd(bulkActionId, job))
            job.Task = Task.Run(() => RunAsync(organizationId, bulkActionId, job));
    }

    /// <summary>The step of an action of <paramref name="organizationId"/> running on this server, else null.</summary>
    public BulkProgress? Progress(int bulkActionId, int organizationId) =>
        _jobs.TryGetValue(bulkActionId, out var job) && job.OrganizationId == organizationId ? job.Progress : null;

    /// <summary>
    /// At start-up: actions left queued or running by a stopped process never committed (their transaction died with
    /// it), so they are marked failed. On SQLite that is every unfinished one; where servers share the database, those
    /// this server's name ran and those no server took within ten minutes — never another live server's.
    /// </summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken = default)
    {
        var everyUnfinished = !database.Stores.Imports.SharedByServers;
        var thisNode = node.Name;
        var now = clock.GetUtcNow().UtcDateTime;
        var untakenBefore = now.AddMinutes(-10);
        await using var db = database.CreateContext(0);
        db.AllowWritesAcrossOrganizations();
        var failed = await db.BulkActions.IgnoreQueryFilters()
            .Where(a => (a.State == BulkActionState.Queued || a.State == BulkActionState.Running)
                        && (everyUnfinished || a.Node == thisNode || (a.Node == null && a.CreatedAt < untakenBefore)))
            .ExecuteUpdateAsync(a => a
                .SetProperty(x => x.State, BulkActionState.Failed)
                .SetProperty(x => x.Message, "The server stopped while it ran, so it was rolled back: no lead was changed.")
                .SetProperty(x => x.FinishedAt, now), cancellationToken);
        if (failed > 0)
            logger.LogWarning("{Count} bulk actions were interrupted (their server stopped) and are marked failed", failed);
        return failed;
    }

    /// <summary>Waits until the action has finished (tests and the benchmark).</summary>
    public Task WhenFinishedAsync(int bulkActionId) => _jobs.TryGetValue(bulkActionId, out var job) && job.Task is { } task ? task : Task.CompletedTask;

    private async Task RunAsync(int organizationId, int bulkActionId, Job job)
    {
        await _writer.WaitAsync();
        try
        {
            BulkAction action;
            await using (var db = database.CreateContext(organizationId))
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var taken = await db.BulkActions.Where(a => a.Id == bulkActionId && a.State == BulkActionState.Queued).ExecuteUpdateAsync(a => a
                    .SetProperty(x => x.State, BulkActionState.Running)
                    .SetProperty(x => x.StartedAt, now)
                    .SetProperty(x => x.Node, node.Name));
                if (taken == 0)
                    return;
                action = await db.BulkActions.AsNoTracking().FirstAsync(a => a.Id == bulkActionId);
            }
            var outcome = await LeadBulkWork.RunAsync(database, stream, action, clock.GetUtcNow().UtcDateTime,
                step => job.Progress = new BulkProgress(step, (job.Progress?.StepNumber ?? 0) + 1), CancellationToken.None);
            await FinishAsync(organizationId, bulkActionId, BulkActionState.Completed, outcome);
            logger.LogInformation("Bulk action {BulkActionId} ({Kind}) done: {Affected} of {Selected} leads", bulkActionId, action.Kind, outcome.Affected, outcome.Selected);
        }
        catch (BulkRefusedException e)
        {
            await FinishAsync(organizationId, bulkActionId, BulkActionState.Failed, new BulkOutcome(0, 0, 0, e.Message));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Bulk action {BulkActionId} failed", bulkActionId);
            await FinishAsync(organizationId, bulkActionId, BulkActionState.Failed,
                new BulkOutcome(0, 0, 0, "It stopped on an unexpected error and was rolled back: no lead was changed. Try again; if it fails again, tell us."));
        }
        finally
        {
            _writer.Release();
            _jobs.TryRemove(bulkActionId, out _);
        }
    }

    private async Task FinishAsync(int organizationId, int bulkActionId, BulkActionState state, BulkOutcome outcome)
    {
        try
        {
            await using var db = database.CreateContext(organizationId);
            var now = clock.GetUtcNow().UtcDateTime;
            await db.BulkActions.Where(a => a.Id == bulkActionId).ExecuteUpdateAsync(a => a
                .SetProperty(x => x.State, state)
                .SetProperty(x => x.Selected, outcome.Selected)
                .SetProperty(x => x.Affected, outcome.Affected)
                .SetProperty(x => x.Skipped, outcome.Skipped)
                .SetProperty(x => x.Message, outcome.Message)
                .SetProperty(x => x.FinishedAt, now));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the end of bulk action {BulkActionId}", bulkActionId);
        }
    }

    private sealed class Job(int organizationId)
    {
        public int OrganizationId { get; } = organizationId;
        public Task? Task { get; set; }
        public BulkProgress? Progress { get; set; }
    }
}
