using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadActivity.Domain.Activities;

/// <summary>How the live feed reaches the app's nodes: <c>Events:Redis</c>.</summary>
/// <param name="Redis">
/// A StackExchange.Redis configuration string (e.g. <c>redis.internal:6379</c>): committed events go through Redis
/// pub/sub, and every node delivers what it receives to its own subscribers. Null: in-process, for one node.
/// </param>
/// <param name="CheckEvery">
/// Through Redis, how often a node compares what it delivered with what the database holds (default 5 s): the safety
/// net for events published where this node could not hear them.
/// </param>
public sealed record ActivityStreamOptions(string? Redis = null, TimeSpan? CheckEvery = null);

/// <summary>
/// The live feed: committed activities are published here, and every open dashboard subscribes. Each subscription
/// has its own bounded queue, so a slow or stuck subscriber never slows the writer: when its queue is full it is
/// marked <see cref="ActivitySubscription.FellBehind"/> and catches up from the database by id. With
/// <see cref="ActivityStreamOptions.Redis"/> set the events travel through Redis (one path: a node hears its own events
/// back from Redis too); whenever Redis may have lost some, the subscriptions are marked fell-behind instead.
/// </summary>
public sealed class ActivityStream : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _commitOrder = new();
    private readonly RedisActivityChannel? _redis;
    // Copy-on-write, per organization: a publish reads its organization's array without a lock.
    private ImmutableDictionary<int, ActivitySubscription[]> _subscriptions = ImmutableDictionary<int, ActivitySubscription[]>.Empty;

    public const int QueueCapacity = 1_000;

    /// <summary>The in-process stream, for one node.</summary>
    public ActivityStream() : this(new ActivityStreamOptions())
    {
    }

    /// <param name="database">Through Redis, where the node checks that it missed nothing (none: no check).</param>
    public ActivityStream(ActivityStreamOptions options, ILogger<ActivityStream>? logger = null, Persistence.LeadActivityDatabase? database = null)
    {
        if (options.Redis is { Length: > 0 } redis)
        {
            _redis = new RedisActivityChannel(redis, this, logger ?? NullLogger<ActivityStream>.Instance, database,
                options.CheckEvery ?? TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>
    /// Starts receiving events from the other nodes (through Redis: subscribing, and checking against the database for
    /// events lost on the way); nothing to start in-process. The host calls this at start-up; tests that build a stream
    /// through Redis themselves call it before they subscribe.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _redis?.StartAsync() ?? Task.CompletedTask;

    /// <summary>Stops receiving from the other nodes and waits for the background loops to end.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _redis?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Whether events from other nodes arrive live (through Redis) or late (Redis unreachable).</summary>
    public LiveDeliveryStatus Delivery => _redis?.Status ?? LiveDeliveryStatus.InProcess;

    /// <summary>The organizations this node has subscribers for.</summary>
    internal IReadOnlyCollection<int> SubscribedOrganizations() =>
        Volatile.Read(ref _subscriptions).Where(o => o.Value.Length > 0).Select(o => o.Key).ToHashSet();

    /// <summary>How many subscriptions this node holds for an organization (what a disconnected dashboard gives back).</summary>
    public int SubscriberCount(int organizationId) =>
        Volatile.Read(ref _subscriptions).TryGetValue(organizationId, out var subscriptions) ? subscriptions.Length : 0;

    /// <summary>Completes once events from other nodes can arrive (at once in-process; through Redis, once subscribed).</summary>
    internal Task Connected => _redis?.Subscribed ?? Task.CompletedTask;

    /// <summary>Subscribes to one organization's activities. Dispose the subscription to stop.</summary>
    public ActivitySubscription Subscribe(int organizationId)
    {
        var subscription = new ActivitySubscription(this, organizationId);
        lock (_gate)
            _subscriptions = _subscriptions.SetItem(organizationId, [.. _subscriptions.GetValueOrDefault(organizationId, []), subscription]);
        return subscription;
    }

    /// <summary>
    /// Commits a write that recorded activities and publishes their events, one writer per organization at a time, so
    /// an organization's subscribers receive its events in commit order, which is id order (SQLite serializes the
    /// writes anyway; on PostgreSQL the activity writer orders each organization's writes across nodes until this
    /// returns). Other organizations' writes do not wait. The events are built after the commit, when their ids are
    /// known. Publishing only enqueues: each subscriber has its own bounded queue. Through Redis the publish is
    /// best-effort and bounded: the write is committed whatever Redis does, and when the publish fails this node's
    /// subscribers catch up from the database.
    /// </summary>
    public async Task CommitAndPublishAsync(int organizationId, Func<Task> commit, Func<IReadOnlyList<ActivityEvent>> events)
    {
        var order = _commitOrder.GetOrAdd(organizationId, _ => new SemaphoreSlim(1, 1));
        await order.WaitAsync();
        try
        {
            await commit();
            var committed = events();
            if (_redis is null)
                Publish(organizationId, committed);
            else if (committed.Count > 0)
                await _redis.PublishAsync(organizationId, committed);
        }
        finally
        {
            order.Release();
        }
    }

    /// <summary>Hands committed events to every subscriber of their organization on this node; never blocks.</summary>
    internal void Publish(int organizationId, IReadOnlyList<ActivityEvent> events)
    {
        if (events.Count == 0 || !Volatile.Read(ref _subscriptions).TryGetValue(organizationId, out var subscriptions))
            return;
        foreach (var subscription in subscriptions)
            subscription.Offer(events);
    }

    /// <summary>
    /// Tells this node's subscribers (of one organization, or all) that events may have been lost on the way, so
    /// their next burst reloads from the database after their last id.
    /// </summary>
    internal void MarkFellBehind(int? organizationId = null)
    {
        foreach (var (organization, subscriptions) in Volatile.Read(ref _subscriptions))
        {
            if (organizationId is null || organization == organizationId)
            {
                foreach (var subscription in subscriptions)
                    subscription.MarkFellBehind();
            }
        }
    }

    internal void Remove(ActivitySubscription subscription)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscription.OrganizationId, out var subscriptions))
                return;
            ActivitySubscription[] left = [.. subscriptions.Where(s => s != subscription)];
            _subscriptions = left.Length == 0 ? _subscriptions.Remove(subscription.OrganizationId) : _subscriptions.SetItem(subscription.OrganizationId, left);
        }
    }

    public void Dispose() => _redis?.Dispose();
}

/// <summary>Events that arrived together; <see cref="FellBehind"/> says some were dropped before them.</summary>
public sealed record ActivityBurst(IReadOnlyList<ActivityEvent> Events, bool FellBehind);

/// <summary>One subscriber's queue of events, in commit order.</summary>
public sealed class ActivitySubscription : IDisposable
{
    private readonly ActivityStream _stream;
    private readonly Channel<ActivityEvent> _queue = Channel.CreateBounded<ActivityEvent>(
        new BoundedChannelOptions(ActivityStream.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim _wake = new(0, 1);
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
    public IAsyncEnumerable<ActivityBurst> BurstsAsync(TimeSpan coalesce, CancellationToken cancellationToken) =>
        BurstsAsync(() => coalesce, cancellationToken);

    /// <summary>The bursts, with a window decided anew for each (e.g. by how many dashboards are open).</summary>
    public async IAsyncEnumerable<ActivityBurst> BurstsAsync(Func<TimeSpan> coalesce, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await WaitAsync(coalesce(), cancellationToken))
            yield return Take();
    }

    /// <summary>
    /// Waits for an event (or a wake-up to catch up), then lets more arrive for <paramref name="coalesce"/>; false once
    /// cancelled or disposed. <see cref="Take"/> then takes what is queued: a reader that waits for its turn to render
    /// in between takes what arrived meanwhile too.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan coalesce, CancellationToken cancellationToken)
    {
        try
        {
            if (!await NextAsync(cancellationToken))
                return false;
            await Task.Delay(coalesce, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Everything queued, and whether the queue overflowed since the last burst (then the reader reloads from the database).</summary>
    public ActivityBurst Take()
    {
        var events = new List<ActivityEvent>();
        while (_queue.Reader.TryRead(out var e))
            events.Add(e);
        return new ActivityBurst(events, ResetFellBehind());
    }

    /// <summary>
    /// Waits for an event, or for a wake-up: events lost on the way between nodes (Redis down) leave nothing in the
    /// queue to wait for, yet the reader must catch up now, not at the next event. False once the queue is closed.
    /// </summary>
    private async Task<bool> NextAsync(CancellationToken cancellationToken)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrived = _queue.Reader.WaitToReadAsync(round.Token).AsTask();
        var woken = _wake.WaitAsync(round.Token);
        var first = await Task.WhenAny(arrived, woken);
        await round.CancelAsync(); // the other wait is abandoned without taking anything
        cancellationToken.ThrowIfCancellationRequested();
        return first == woken || await arrived;
    }

    internal void Offer(IReadOnlyList<ActivityEvent> events)
    {
        foreach (var e in events)
        {
            if (!_queue.Writer.TryWrite(e))
                MarkFellBehind(); // the reader reloads from its last id, so nothing is lost
        }
    }

    internal void MarkFellBehind()
    {
        Volatile.Write(ref _fellBehind, 1);
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken already: one wake-up is enough.
            }
        }
    }

    public void Dispose()
    {
        _stream.Remove(this);
        _queue.Writer.TryComplete();
        // _wake is not disposed: the stream may still mark a subscription it listed just before this one left.
    }
}
