using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// The live feed: committed activities are published here, and every open dashboard subscribes. Each subscription
/// has its own bounded queue, so a slow or stuck subscriber never slows the writer: when its queue is full it is
/// marked <see cref="ActivitySubscription.FellBehind"/> and catches up from the database by id.
/// </summary>
public sealed class ActivityStream
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _commitOrder = new(1, 1);
    private ActivitySubscription[] _subscriptions = [];

    public const int QueueCapacity = 1_000;

    /// <summary>Subscribes to one organization's activities. Dispose the subscription to stop.</summary>
    public ActivitySubscription Subscribe(int organizationId)
    {
        var subscription = new ActivitySubscription(this, organizationId);
        lock (_gate)
            _subscriptions = [.. _subscriptions, subscription];
        return subscription;
    }

    /// <summary>
    /// Commits a write that recorded activities and publishes their events, one writer at a time, so subscribers
    /// receive events in commit order, which is id order (SQLite serializes the writes anyway). The events are built
    /// after the commit, when their ids are known.
    /// </summary>
    public async Task CommitAndPublishAsync(int organizationId, Func<Task> commit, Func<IReadOnlyList<ActivityEvent>> events)
    {
        await _commitOrder.WaitAsync();
        try
        {
            await commit();
            Publish(organizationId, events());
        }
        finally
        {
            _commitOrder.Release();
        }
    }

    /// <summary>Hands committed events to every subscriber of their organization; never blocks.</summary>
    internal void Publish(int organizationId, IReadOnlyList<ActivityEvent> events)
    {
        if (events.Count == 0)
            return;
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.OrganizationId == organizationId)
                subscription.Offer(events);
        }
    }

    internal void Remove(ActivitySubscription subscription)
    {
        lock (_gate)
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
    }
}

/// <summary>Events that arrived together; <see cref="FellBehind"/> says some were dropped before them.</summary>
public sealed record ActivityBurst(IReadOnlyList<ActivityEvent> Events, bool FellBehind);

/// <summary>One subscriber's queue of events, in commit order.</summary>
public sealed class ActivitySubscription : IDisposable
{
    private readonly ActivityStream _stream;
    private readonly Channel<ActivityEvent> _queue = Channel.CreateBounded<ActivityEvent>(
        new BoundedChannelOptions(ActivityStream.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private int _fellBehind;

    internal ActivitySubscription(ActivityStream stream, int organizationId)
    {
        _stream = stream;
        OrganizationId = organizationId;
    }

    public int OrganizationId { get; }

    public ChannelReader<ActivityEvent> Events => _queue.Reader;

    /// <summary>True once an event could not be queued: the subscriber must reload what it missed from the database.</summary>
    public bool FellBehind => Volatile.Read(ref _fellBehind) == 1;

    /// <summary>Clears <see cref="FellBehind"/> before a catch-up, so events dropped during it are noticed again.</summary>
    public bool ResetFellBehind() => Interlocked.Exchange(ref _fellBehind, 0) == 1;

    /// <summary>
    /// The events in bursts, the way a screen wants them: waits for one event, lets more arrive for
    /// <paramref name="coalesce"/>, then yields everything queued and whether the queue overflowed since the last
    /// burst (then the reader reloads from the database). Ends when cancelled or disposed.
    /// </summary>
    public async IAsyncEnumerable<ActivityBurst> BurstsAsync(TimeSpan coalesce, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(cancellationToken))
                    yield break;
                await Task.Delay(coalesce, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            var events = new List<ActivityEvent>();
            while (_queue.Reader.TryRead(out var e))
                events.Add(e);
            yield return new ActivityBurst(events, ResetFellBehind());
        }
    }

    internal void Offer(IReadOnlyList<ActivityEvent> events)
    {
        foreach (var e in events)
        {
            if (!_queue.Writer.TryWrite(e))
                Volatile.Write(ref _fellBehind, 1); // the reader reloads from its last id, so nothing is lost
        }
    }

    public void Dispose()
    {
        _stream.Remove(this);
        _queue.Writer.TryComplete();
    }
}
