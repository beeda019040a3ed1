using System.Threading.Channels;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// The ingestion API's single writer. Every POST, one activity or a batch, is queued here, and one writer records
/// whatever arrived while its previous transaction ran together, through the <see cref="ActivityRecorder"/>'s rules,
/// in one transaction per organization. A transaction's fixed cost was most of a single POST's; shared by the
/// requests waiting, it no longer bounds the rate. One writer also means the API's requests never queue on SQLite's
/// lock (whose busy handler sleeps and retries), and the writer keeps one connection with its statements prepared.
/// Each caller still gets its own results. On PostgreSQL each node has such a writer; the nodes' groups of one
/// organization take turns on the database (see <see cref="IActivityStore.BeginAsync"/>).
/// </summary>
public sealed class ActivityGroupCommit : IAsyncDisposable
{
    private const int QueueLimit = 10_000;

    // A transaction takes whole requests until it holds this many activities. Its commit writes every page the group
    // touched, and the leads' and activities' pages are shared by more activities the larger it is: 16 clients
    // posting batches of 500 measured 12,900–14,400 activities/s at 2,000 per transaction, 15,800–17,400 at 8,000
    // (in-process). The price is latency: a single POST that arrives behind such a group waits for it (~0.4 s).
    private const int GroupLimit = 8 * ActivityRecorder.MaxBatch;

    private readonly LeadActivityDatabase _database;
    private readonly ActivityStream _stream;
    private readonly TimeProvider _clock;
    private readonly Channel<Pending> _pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(QueueLimit) { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private IActivityStore? _store;

    public ActivityGroupCommit(LeadActivityDatabase database, ActivityStream stream, TimeProvider clock)
    {
        _database = database;
        _stream = stream;
        _clock = clock;
    }

    /// <summary>
    /// The writer: records what is queued until <paramref name="stopping"/> is cancelled, then what was queued before,
    /// and returns. The host runs it (<c>ActivityWriter</c>); requests queue until it does.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("The activity writer is already running.");
        await using var stop = stopping.Register(() => _pending.Writer.TryComplete());
        try
        {
            await WriteAsync();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Records <paramref name="input"/> for <paramref name="organizationId"/> with whatever else is waiting.</summary>
    /// <exception cref="System.Data.Common.DbException">The group's transaction failed (e.g. the database stayed busy); nothing of it was written.</exception>
    public async Task<RecordResult> RecordAsync(int organizationId, ActivityInput input, CancellationToken cancellationToken = default) =>
        (await RecordAsync(organizationId, [input], cancellationToken))[0];

    /// <summary>
    /// Records a batch for <paramref name="organizationId"/>, with whatever else is waiting, in one transaction: one
    /// result per input, in order.
    /// </summary>
    /// <exception cref="System.Data.Common.DbException">The group's transaction failed (e.g. the database stayed busy); nothing of it was written.</exception>
    public async Task<IReadOnlyList<RecordResult>> RecordAsync(int organizationId, IReadOnlyList<ActivityInput> inputs, CancellationToken cancellationToken = default)
    {
        if (organizationId == 0)
            throw new InvalidOperationException("Activities cannot be recorded without an organization.");
        // Validation, phone parsing and JSON run here, on the request's thread, in parallel: the writer is the one
        // part that cannot be.
        var reported = ReportedActivity.Read(inputs, _clock.GetUtcNow().UtcDateTime);
        if (reported.Any(r => r.Result is null))
        {
            var pending = new Pending(organizationId, reported, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await _pending.Writer.WriteAsync(pending, cancellationToken);
            await pending.Written.Task.WaitAsync(cancellationToken);
        }
        return reported.Select(r => r.Result!).ToArray();
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var activities = 0;
            while (activities < GroupLimit && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
                activities += next.Activities.Count;
            }
            foreach (var group in batch.GroupBy(p => p.OrganizationId))
                await RecordGroupAsync(group.Key, group.ToList());
        }
        await CloseAsync();
    }

    private async Task RecordGroupAsync(int organizationId, List<Pending> group)
    {
        try
        {
            _store ??= await OpenWriterStoreAsync();
            var activities = group.Count == 1 ? group[0].Activities : group.SelectMany(p => p.Activities).ToList();
            await ActivityRecorder.RecordAsync(_store, organizationId, activities, _clock.GetUtcNow().UtcDateTime, _stream);
            foreach (var pending in group)
                pending.Written.TrySetResult();
        }
        catch (Exception e)
        {
            // The next group starts on a fresh connection: nothing of a failed one's state is trusted.
            await CloseAsync();
            foreach (var pending in group)
                pending.Written.TrySetException(e);
        }
    }

    /// <summary>
    /// The writer's own connection, kept open across groups: on SQLite outside the pool, with its statements prepared;
    /// on PostgreSQL one of the pool's, held by this node's writer.
    /// </summary>
    private Task<IActivityStore> OpenWriterStoreAsync() => _database.Stores.Activities.OpenWriterAsync();

    private async Task CloseAsync()
    {
        if (_store is { } store)
            await store.DisposeAsync();
        _store = null;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (Volatile.Read(ref _running) == 1)
            await _stopped.Task;
    }

    private sealed record Pending(int OrganizationId, IReadOnlyList<ReportedActivity> Activities, TaskCompletionSource Written);
}
