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
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RedisActivityChannel(string configuration, ActivityStream stream, ILogger logger)
    {
        _stream = stream;
        _logger = logger;
        var options = ConfigurationOptions.Parse(configuration);
        // The app starts, and records activities, while Redis is down; the multiplexer keeps reconnecting.
        options.AbortOnConnectFail = false;
        // A command issued while disconnected fails at once instead of queueing until its timeout: a writer must not
        // wait on Redis, and what it could not publish is caught up from the database.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        _redis = ConnectionMultiplexer.Connect(options);
        _redis.ConnectionFailed += (_, e) =>
        {
            _logger.LogWarning(e.Exception, "Redis connection lost ({Type}, {Failure}): dashboards catch up from the database.", e.ConnectionType, e.FailureType);
            _stream.MarkFellBehind();
        };
        _redis.ConnectionRestored += (_, e) =>
        {
            _logger.LogInformation("Redis connection restored ({Type}).", e.ConnectionType);
            _stream.MarkFellBehind();
            // What was published between the loss and the moment the channel is subscribed again is lost too, and that
            // moment is after this event: markers are sent until one comes back through the channel, which proves the
            // subscription live, and then the dashboards catch up over the whole gap.
            _ = ConfirmResubscribedAsync();
        };
        _ = SubscribeAsync();
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
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            _logger.LogWarning(e, "Publishing {Count} activity events through Redis failed: this node's dashboards catch up from the database.", events.Count);
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
                    _logger.LogWarning(e, "Subscribing to Redis failed; retrying.");
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
        if (message?.Events is { } events)
            _stream.Publish(message.OrganizationId, events);
    }

    public void Dispose()
    {
        _closing.Cancel();
        _redis.Dispose();
    }

    /// <summary>What travels through Redis: one commit's events of one organization, or a node's resubscription marker.</summary>
    private sealed record ActivityMessage(int OrganizationId, IReadOnlyList<ActivityEvent>? Events, string? Marker);
}
