namespace LeadActivity.Domain.Activities;

/// <summary>
/// What a screen reader hears about a live feed: polite and sparse. A launch brings dozens of events a second; reading
/// each would drown whatever else the person is doing, so at most one announcement per <paramref name="interval"/>
/// sums up everything new since the last one.
/// </summary>
public sealed class FeedAnnouncer(TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private int _pending;
    private ActivityEvent? _newest;
    private bool _held;
    private DateTime _lastAnnounced = DateTime.MinValue;

    public FeedAnnouncer() : this(DefaultInterval)
    {
    }

    /// <summary>Notes the new events a feed took in; returns the announcement when one is due now.</summary>
    public string? Add(IReadOnlyList<ActivityEvent> added, bool held, DateTime now)
    {
        if (added.Count > 0)
        {
            _pending += added.Count;
            _newest = added.MaxBy(e => e.Id);
            _held = held;
        }
        return Due(now);
    }

    /// <summary>The announcement of what is still untold, once the interval since the last one has passed; otherwise null.</summary>
    public string? Due(DateTime now)
    {
        if (_pending == 0 || _newest is null || now - _lastAnnounced < interval)
            return null;
        var newest = $"{_newest.LeadName}, {_newest.Description}";
        var text = (_pending, _held) switch
        {
            (1, false) => $"New activity: {newest}.",
            (1, true) => $"1 new event waiting while the feed is held: {newest}.",
            (var n, false) => $"{n} new events. The newest: {newest}.",
            (var n, true) => $"{n} new events waiting while the feed is held. The newest: {newest}.",
        };
        _pending = 0;
        _lastAnnounced = now;
        return text;
    }
}
