using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// The <see cref="ActivityStream"/>'s way between nodes: committed events are published to one Redis pub/sub channel,
/// and every node, the publishing one included, hands what it receives, in order, to its own subscribers. Pub/sub
/// keeps nothing for a node that is not listening, so whenever messages may have been lost (a connection failed or
/// came back, a publish failed) the node's subscriptions are marked fell-behind and catch up from the database by
/// their last id: Redis carries the events fast, the database guarantees them. Nothing here ever fails or holds up a
/// write for long: the activity is committed before it is published.
/// </summary>
internal sealed class RedisActivityChannel : IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("leadactivity:activities");

    // A publish waits for Redis's answer, so the next writer of the organization (on any node) publishes after it and
    // every node receives the organization's events in id order. Redis answers in well under a millisecond; one that
    // hangs costs a writer this long once, and then the catch-up covers for it.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ActivityStream _stream;
    private readonly ILogger _logger;
    private readonly ConnectionMultiplexer _redis;
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Persistence.LeadActivityDatabase? _database;
    private readonly TimeSpan _checkEvery;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loops = Task.CompletedTask;
    private int _started;
    private Task _confirming = Task.CompletedTask;

    public RedisActivityChannel(string configuration, ActivityStream stream, ILogger logger, Persistence.LeadActivityDatabase? database, TimeSpan checkEvery)
    {
        _stream = stream;
        _logger = logger;
        _database = database;
        _checkEvery = checkEvery;
        var options = RedisSetting.Parse(configuration);
        Status = new LiveDeliveryStatus(throughRedis: true, RedisSetting.Describe(options));
        // The app starts, and records activities, while Redis is down; the multiplexer keeps reconnecting.
        options.AbortOnConnectFail = false;
        // A command issued while disconnected fails at once instead of queueing until its timeout: a writer must not
        // wait on Redis, and what it could not publish is caught up from the database.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        _redis = ConnectionMultiplexer.Connect(options);
        // One line when Redis goes away and one when it is back, whichever of the two connections (commands,
        // subscriptions) noticed first: never a stack trace, never one per reconnect attempt.
        _redis.ConnectionFailed += (_, e) =>
        {
            Unreachable($"{e.FailureType}: {e.Exception?.GetBaseException().Message ?? "connection lost"}");
            _stream.MarkFellBehind();
        };
        _redis.ConnectionRestored += (_, e) =>
        {
            if (_redis.IsConnected)
                Reachable();
            _stream.MarkFellBehind();
            // What was published between the loss and the moment the channel is subscribed again is lost too, and that
            // moment is after this event: markers are sent until one comes back through the channel, which proves the
            // subscription live, and then the dashboards catch up over the whole gap.
            if (!_closing.IsCancellationRequested)
                _confirming = ConfirmResubscribedAsync();
        };
        if (_redis.IsConnected)
            Reachable();
        else
            Unreachable(_redis.GetStatus().Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() is { Length: > 0 } first
                ? $"cannot connect ({first})" : "cannot connect");
    }

    /// <summary>
    /// Starts the node's two loops: subscribing to the channel once Redis is reachable, and (with a database) the
    /// periodic check for events lost on the way. Publishing works without them; receiving does not.
    /// </summary>
    public Task StartAsync()
    {
        ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
        if (Interlocked.Exchange(ref _started, 1) == 0) // once: a second subscription would deliver every event twice
            _loops = Task.WhenAll(SubscribeAsync(), _database is null ? Task.CompletedTask : CheckAsync(_database, _checkEvery));
        return Task.CompletedTask;
    }

    /// <summary>Stops the loops and waits for them (and a resubscription marker still being sent) to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _closing.CancelAsync();
        await Task.WhenAll(_loops, _confirming).WaitAsync(cancellationToken);
    }

    /// <summary>Whether events from other nodes arrive through Redis now, or late through the database check.</summary>
    public LiveDeliveryStatus Status { get; }

    private int _failedPublishes;

    private void Unreachable(string problem)
    {
        if (Status.Set(delayed: true, problem))
            _logger.LogWarning("Redis at {Endpoint} ({Setting}) is unreachable ({Problem}): live events from other nodes arrive through the database check, seconds late, until it is back.",
                Status.Endpoint, RedisSetting.Name, problem);
    }

    private void Reachable()
    {
        if (!Status.Set(delayed: false, null))
            return;
        var failed = Interlocked.Exchange(ref _failedPublishes, 0);
        _logger.LogInformation("Live events between nodes go through Redis at {Endpoint}{Failed}.", Status.Endpoint,
            failed > 0 ? $" again ({failed} publishes failed while it was unreachable; dashboards caught up from the database)" : "");
    }

    /// <summary>Completes once the channel is subscribed for the first time.</summary>
    public Task Subscribed => _subscribed.Task;

    /// <summary>Publishes one commit's events; when that fails, this node's subscribers of the organization catch up.</summary>
    public async Task PublishAsync(int organizationId, IReadOnlyList<ActivityEvent> events)
    {
        try
        {
            var message = JsonSerializer.SerializeToUtf8Bytes(new ActivityMessage(organizationId, events, null), Json);
            await _redis.GetSubscriber().PublishAsync(Channel, message).WaitAsync(PublishTimeout);
            if (Volatile.Read(ref _failedPublishes) > 0 && !Status.Delayed && Interlocked.Exchange(ref _failedPublishes, 0) is var failed and > 0)
                _logger.LogInformation("Publishing through Redis works again, after {Failed} failed publishes.", failed);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Logged once per outage (a flood under load otherwise); the count is logged when publishing works again.
            if (Interlocked.Increment(ref _failedPublishes) == 1)
                _logger.LogWarning("Publishing activity events through Redis failed ({Problem}): this node's dashboards catch up from the database; further failures are counted until it works again.",
                    e.GetBaseException().Message);
            _stream.MarkFellBehind(organizationId);
        }
    }

    /// <summary>Subscribes once Redis is reachable; the multiplexer subscribes again by itself after a reconnect.</summary>
    private async Task SubscribeAsync()
    {
        while (!_closing.IsCancellationRequested)
        {
            // Only tried while connected: a subscription attempt that fails still leaves its queue registered on the
            // channel, where it would buffer every message for as long as the process runs.
            if (_redis.IsConnected)
            {
                try
                {
                    var queue = await _redis.GetSubscriber().SubscribeAsync(Channel);
                    // One message at a time, in the order Redis sent them: the organization's events in id order.
                    queue.OnMessage(Receive);
                    _stream.MarkFellBehind(); // anything published before now was missed
                    _subscribed.TrySetResult();
                    return;
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    _logger.LogDebug(e, "Subscribing to Redis failed; retrying.");
                    await DropFailedSubscriptionsAsync();
                }
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _closing.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _delivered = new();

    /// <summary>
    /// The safety net for what no connection event reveals: a node that cannot reach Redis while this one can (its
    /// publishes fail there, and here nothing seems wrong). Every <paramref name="interval"/> the node reads the newest
    /// activity id of each organization it has subscribers for; an id that was already committed at the previous
    /// check has had a whole interval to arrive (publishes give up after a second), so if this node has not delivered
    /// it, it was lost on the way and the organization's dashboards catch up from the database. One indexed look-up
    /// per organization and interval.
    /// </summary>
    private async Task CheckAsync(Persistence.LeadActivityDatabase database, TimeSpan interval)
    {
        var previous = new Dictionary<int, long>();
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token))
            {
                try
                {
                    var latest = await LatestIdsAsync(database, _stream.SubscribedOrganizations(), _closing.Token);
                    foreach (var (organizationId, newest) in latest)
                    {
                        if (!previous.TryGetValue(organizationId, out var committedBefore))
                        {
                            // First seen: what was committed before its dashboards opened came from the database.
                            _delivered.AddOrUpdate(organizationId, newest, (_, known) => Math.Max(known, newest));
                            continue;
                        }
                        if (committedBefore > _delivered.GetValueOrDefault(organizationId))
                        {
                            _logger.LogWarning("Activity {Id} of organization {Organization} never arrived through Redis: its dashboards on this node catch up from the database.",
                                committedBefore, organizationId);
                            _delivered.AddOrUpdate(organizationId, committedBefore, (_, known) => Math.Max(known, committedBefore));
                            _stream.MarkFellBehind(organizationId);
                        }
                    }
                    previous = latest;
                }
                catch (System.Data.Common.DbException e)
                {
                    _logger.LogWarning(e, "Checking the live feed against the database failed; trying again at the next check.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<Dictionary<int, long>> LatestIdsAsync(Persistence.LeadActivityDatabase database, IReadOnlyCollection<int> organizations,
        CancellationToken cancellationToken)
    {
        var latest = new Dictionary<int, long>();
        if (organizations.Count == 0)
            return latest;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(\"Id\") FROM \"Activities\" WHERE \"OrganizationId\" = @organization";
        var organization = Persistence.LeadActivityDatabase.Parameter(command, "@organization", 0);
        foreach (var organizationId in organizations)
        {
            organization.Value = organizationId;
            if (await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull)
                latest[organizationId] = Convert.ToInt64(value);
        }
        return latest;
    }

    /// <summary>Removes what failed attempts left registered on the channel, so the next attempt starts clean.</summary>
    private async Task DropFailedSubscriptionsAsync()
    {
        try
        {
            await _redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogDebug(e, "Unsubscribing after a failed subscription failed.");
        }
    }

    private TaskCompletionSource _markerBack = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Sends this node's marker every quarter second until it comes back (the interactive and the subscription
    /// connections come back separately, in either order), for at most a minute; a later restore starts again.
    /// </summary>
    private async Task ConfirmResubscribedAsync()
    {
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _markerBack, back).TrySetCanceled();
        var marker = JsonSerializer.SerializeToUtf8Bytes(new ActivityMessage(0, null, _node), Json);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!back.Task.IsCompleted && !_closing.IsCancellationRequested && DateTime.UtcNow < deadline)
        {
            try
            {
                await _redis.GetSubscriber().PublishAsync(Channel, marker).WaitAsync(PublishTimeout);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
            {
                _logger.LogDebug(e, "Sending the Redis resubscription marker failed; trying again.");
            }
            try
            {
                await Task.WhenAny(back.Task, Task.Delay(TimeSpan.FromMilliseconds(250), _closing.Token));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Receive(ChannelMessage received)
    {
        ActivityMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<ActivityMessage>((byte[])received.Message!, Json);
        }
        catch (JsonException e)
        {
            // Not ours (another version of the app on the same channel?): a bug to see in the logs, not to deliver.
            _logger.LogError(e, "An unreadable message on the Redis activity channel was ignored.");
            _stream.MarkFellBehind();
            return;
        }
        if (message?.Marker is { } marker)
        {
            if (marker == _node)
            {
                _stream.MarkFellBehind(); // the channel is live again: catch up over everything it may have missed
                Volatile.Read(ref _markerBack).TrySetResult();
            }
            return;
        }
        if (message?.Events is { Count: > 0 } events)
        {
            _stream.Publish(message.OrganizationId, events);
            var newest = events.Max(e => e.Id);
            _delivered.AddOrUpdate(message.OrganizationId, newest, (_, before) => Math.Max(before, newest));
        }
    }

    public void Dispose()
    {
        _closing.Cancel();
        _redis.Dispose();
    }

    /// <summary>What travels through Redis: one commit's events of one organization, or a node's resubscription marker.</summary>
    private sealed record ActivityMessage(int OrganizationId, IReadOnlyList<ActivityEvent>? Events, string? Marker);
}
