namespace LeadActivity.Domain.Activities;

/// <summary>
/// Whether live events from other app servers arrive as they happen: through Redis while it is reachable, or late,
/// through the node's check against the database, while it is not. Read by <c>/healthz</c> and by what shows users
/// how live their feed is; <see cref="Changed"/> fires on each change.
/// </summary>
public sealed class LiveDeliveryStatus
{
    private readonly Lock _gate = new();

    /// <summary>A node without <c>Events:Redis</c>: its events never leave the process, so they are never late.</summary>
    public static LiveDeliveryStatus InProcess { get; } = new(throughRedis: false, endpoint: null);

    internal LiveDeliveryStatus(bool throughRedis, string? endpoint)
    {
        ThroughRedis = throughRedis;
        Endpoint = endpoint;
        Delayed = throughRedis; // until the first connection succeeds
    }

    /// <summary>Events between nodes go through Redis (<c>Events:Redis</c> is set).</summary>
    public bool ThroughRedis { get; }

    /// <summary>The Redis server(s) configured, without a password.</summary>
    public string? Endpoint { get; }

    /// <summary>Redis is unreachable: events from other nodes arrive through the database check, a few seconds late.</summary>
    public bool Delayed { get; private set; }

    /// <summary>Why delivery is delayed (the failure Redis reported); null while it is not.</summary>
    public string? Problem { get; private set; }

    /// <summary>When <see cref="Delayed"/> last changed.</summary>
    public DateTime Since { get; private set; } = DateTime.UtcNow;

    /// <summary>Raised after each change of <see cref="Delayed"/>, on the thread that noticed it.</summary>
    public event Action? Changed;

    /// <summary>Records a change; true when it was one (so its caller logs it once).</summary>
    internal bool Set(bool delayed, string? problem)
    {
        lock (_gate)
        {
            if (Delayed == delayed && (!delayed || Problem is not null))
                return false;
            Delayed = delayed;
            Problem = delayed ? problem : null;
            Since = DateTime.UtcNow;
        }
        Changed?.Invoke();
        return true;
    }
}
