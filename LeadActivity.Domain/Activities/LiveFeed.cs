namespace LeadActivity.Domain.Activities;

/// <summary>
/// What a live feed shows, and how arriving events merge into it: newest first, each event once, in id order. The
/// feed remembers the last id it took, so after an overflow or a reconnect it catches up with everything after it;
/// an event older than that (a catch-up overlapping the live queue, or one that travelled late between app servers)
/// is shown in its place, or skipped when it is shown already. While the reader holds the list still (paused, or
/// scrolled down) new events wait as held items, counted, until released. A reload (another campaign) sets events
/// arriving meanwhile aside and lays them over the new snapshot. Keeps only what is shown.
/// </summary>
public sealed class LiveFeed(int shown = LiveFeed.DefaultShown)
{
    public const int DefaultShown = 50;

    private List<ActivityEvent> _events = [];
    private readonly List<ActivityEvent> _held = [];
    private List<ActivityEvent>? _arrivedWhileLoading;
    private bool _paused;
    private bool _scrolledAway;

    /// <summary>The events shown, newest first.</summary>
    public IReadOnlyList<ActivityEvent> Events => _events;

    /// <summary>How many events wait to be shown (more than it keeps: the count says how many arrived).</summary>
    public int HeldCount { get; private set; }

    /// <summary>The highest id taken, shown or not (another campaign's, held): catching up starts after it.</summary>
    public long LastId { get; private set; }

    /// <summary>Only this campaign's events are shown; null for all.</summary>
    public int? CampaignId { get; private set; }

    public bool Paused => _paused;

    /// <summary>True while new events are held rather than shown.</summary>
    public bool Holding => _paused || _scrolledAway;

    public bool Loading => _arrivedWhileLoading is not null;

    /// <summary>Goes up whenever <see cref="Events"/> changes: what a screen compares to know whether to render its rows.</summary>
    public int Version { get; private set; }

    /// <summary>Starts a reload for <paramref name="campaignId"/>: events arriving until <see cref="Load"/> are set aside.</summary>
    public void BeginLoad(int? campaignId)
    {
        CampaignId = campaignId;
        _arrivedWhileLoading ??= [];
    }

    /// <summary>
    /// Shows the latest events (newest first), then the ones that arrived during the load which it does not hold.
    /// <paramref name="newestId"/> is the newest id of every campaign, which a filtered snapshot may not hold.
    /// </summary>
    public void Load(IReadOnlyList<ActivityEvent> latest, long newestId)
    {
        var arrived = _arrivedWhileLoading ?? [];
        _arrivedWhileLoading = null;
        _events = [.. latest.Take(shown)];
        _held.Clear();
        HeldCount = 0;
        LastId = Math.Max(LastId, Math.Max(newestId, latest.Count > 0 ? latest[0].Id : 0));
        var known = latest.Select(e => e.Id).ToHashSet();
        foreach (var e in arrived.Where(e => !known.Contains(e.Id) && Shows(e)).OrderBy(e => e.Id))
            Place(e, _events);
        Trim();
        Version++;
    }

    /// <summary>
    /// Merges a burst of events, in id order: new ones on top (or held), older ones in their place, known ones skipped.
    /// Returns the new ones this feed shows or holds (not those of other campaigns, late ones or ones already known).
    /// </summary>
    public IReadOnlyList<ActivityEvent> Apply(IEnumerable<ActivityEvent> batch)
    {
        if (_arrivedWhileLoading is not null)
        {
            _arrivedWhileLoading.AddRange(batch);
            return [];
        }
        var added = new List<ActivityEvent>();
        foreach (var e in batch.OrderBy(e => e.Id))
        {
            if (e.Id <= LastId)
            {
                ApplyLate(e);
                continue;
            }
            LastId = e.Id;
            if (!Shows(e))
                continue;
            added.Add(e);
            if (Holding)
            {
                HeldCount++;
                _held.Insert(0, e);
            }
            else
            {
                _events.Insert(0, e);
                Version++;
            }
        }
        Trim();
        return added;
    }

    /// <summary>
    /// After events were lost on the way (an overflow, a reconnect): what came after <see cref="LastId"/>, from the
    /// database, then what was queued that the database did not return. When more were missed than the feed shows,
    /// only the newest it shows are read (<paramref name="latest"/>, of its campaign): a dashboard that fell far behind
    /// costs two small queries, not a read of everything it missed.
    /// </summary>
    public async Task<IReadOnlyList<ActivityEvent>> CatchUpAsync(IReadOnlyList<ActivityEvent> queued,
        Func<long, int, CancellationToken, Task<IReadOnlyList<ActivityEvent>>> after,
        Func<int, int?, CancellationToken, Task<IReadOnlyList<ActivityEvent>>> latest, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ActivityEvent> missed = await after(LastId, shown + 1, cancellationToken);
        if (missed.Count > shown)
            missed = [.. (await latest(shown, CampaignId, cancellationToken)).OrderBy(e => e.Id)];
        var known = missed.Select(e => e.Id).ToHashSet();
        return [.. missed, .. queued.Where(e => !known.Contains(e.Id))];
    }

    public void Pause() => _paused = true;

    /// <summary>Resumes a paused feed and shows what was held (unless the reader is still down the list).</summary>
    public void Resume()
    {
        _paused = false;
        if (!_scrolledAway)
            Release();
    }

    /// <summary>The reader scrolled down the list (held still) or back to its top (what was held is shown, unless paused).</summary>
    public void ScrolledAway(bool away)
    {
        _scrolledAway = away;
        if (!Holding)
            Release();
    }

    /// <summary>Shows the held events now: the reader asked for them.</summary>
    public void ShowHeld()
    {
        _scrolledAway = false;
        _paused = false;
        Release();
    }

    private void Release()
    {
        _events.InsertRange(0, _held);
        _held.Clear();
        Version++;
        HeldCount = 0;
        Trim();
    }

    private bool Shows(ActivityEvent e) => CampaignId is null || e.CampaignId == CampaignId;

    private void ApplyLate(ActivityEvent e)
    {
        if (!Shows(e) || _events.Exists(x => x.Id == e.Id) || _held.Exists(x => x.Id == e.Id))
            return;
        var list = Holding && (_events.Count == 0 || e.Id > _events[0].Id) ? _held : _events;
        if (list == _events && _events.Count >= shown && e.Id < _events[^1].Id)
            return; // older than a full list: it would be cut off anyway
        Place(e, list);
        if (list == _held)
            HeldCount++;
        else
            Version++;
    }

    private static void Place(ActivityEvent e, List<ActivityEvent> list)
    {
        var at = list.FindIndex(x => x.Id < e.Id);
        list.Insert(at < 0 ? list.Count : at, e);
    }

    private void Trim()
    {
        if (_events.Count > shown)
            _events.RemoveRange(shown, _events.Count - shown);
        if (_held.Count > shown)
            _held.RemoveRange(shown, _held.Count - shown); // HeldCount still says how many arrived
    }
}
