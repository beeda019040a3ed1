using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Domain.Activities;

/// <summary>How the chart groups calls and messages: one series each, stacked in each bar.</summary>
public enum ChartSeries { Answered, NoAnswer, Voicemail, OtherCalls, Messages }

/// <summary>
/// What a dashboard shows for a range: the totals and, per bar (<see cref="Bars"/>: each bar's start, then the end),
/// the calls by outcome and the messages.
/// </summary>
public sealed record RangeView(ActivityTotals Totals, IReadOnlyList<DateTime> Bars, IReadOnlyDictionary<ChartSeries, int[]> Series);

/// <summary>
/// A dashboard's figures for a range of days and, when chosen, one campaign, counted once per node for every dashboard
/// showing the same range (the pattern of <see cref="DashboardFigures"/>): one read of the range's calls, messages and
/// qualifications (bounded by time through the organization's or the campaign's time index, and by the newest id),
/// then each committed event in the range is added as it arrives; counted again when events were lost.
/// </summary>
public sealed class RangeFigures(LeadActivityDatabase database, ActivityStream stream, ILogger<RangeFigures> logger)
{
    /// <summary>
    /// How often the figures are pushed while events arrive: every second, and with more than 500 dashboards watching
    /// the same range a little less often (2 ms per watcher, at most every 3 s), since each push is a render of the
    /// tiles and the chart on every one of them.
    /// </summary>
    internal static TimeSpan PushEvery(int watchers) => TimeSpan.FromMilliseconds(Math.Clamp(watchers * 2, 1_000, 3_000));
    private readonly LeadActivityDatabase _database = database;
    private readonly ActivityStream _stream = stream;
    private readonly ILogger _logger = logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<Key, Figures> _figures = [];
    private int _counts;

    private sealed record Key(int Organization, int? Campaign, DateTime Start, DateTime End, int Bars, DateTime SecondBar);

    /// <summary>How many times a range was counted from the database.</summary>
    public int DatabaseCounts => Volatile.Read(ref _counts);

    /// <summary>
    /// Calls <paramref name="changed"/> with the range's figures once known and whenever they change, from a background
    /// thread; <paramref name="bars"/> are the bars' starts and the range's end (<see cref="DashboardRange.Bars"/>).
    /// </summary>
    public IDisposable Watch(int organizationId, int? campaignId, IReadOnlyList<DateTime> bars, Action<RangeView> changed)
    {
        var key = new Key(organizationId, campaignId, bars[0], bars[^1], bars.Count, bars.Count > 1 ? bars[1] : bars[0]);
        lock (_gate)
        {
            if (!_figures.TryGetValue(key, out var figures))
                _figures[key] = figures = new Figures(this, key, bars);
            return figures.Add(changed);
        }
    }

    /// <summary>
    /// The range's calls, messages and qualifications up to an id: by the organization's time index, or with a campaign
    /// by the campaign's (<c>IX_Activities_CampaignPace</c>).
    /// </summary>
    internal static IQueryable<RangeRow> Rows(LeadActivityDbContext db, DateTime start, DateTime end, int? campaignId, long upToId)
    {
        var rows = db.Activities.Where(a => a.OccurredAt >= start && a.OccurredAt < end && a.Id - upToId <= 0
            && (a.Kind == ActivityKind.Call || a.Kind == ActivityKind.Message || (a.Kind == ActivityKind.StatusChange && a.StatusTo == LeadStatus.Qualified)));
        if (campaignId is { } id)
            rows = rows.Where(a => a.CampaignId == id);
        return rows.Select(a => new RangeRow(a.OccurredAt, a.Kind, a.CallOutcome, a.LeadId));
    }

    internal sealed record RangeRow(DateTime OccurredAt, ActivityKind Kind, CallOutcome? CallOutcome, int LeadId);

    private void Leave(Figures figures, Watcher watcher)
    {
        lock (_gate)
        {
            if (figures.Remove(watcher) == 0 && _figures.GetValueOrDefault(figures.Key) == figures)
            {
                _figures.Remove(figures.Key);
                figures.Stop();
            }
        }
    }

    private sealed class Watcher(RangeFigures owner, Figures figures, Action<RangeView> changed) : IDisposable
    {
        public void Changed(RangeView view) => changed(view);

        public void Dispose() => owner.Leave(figures, this);
    }

    private sealed class Figures
    {
        private readonly RangeFigures _owner;
        private readonly DateTime[] _bars;
        private readonly ActivitySubscription _subscription;
        private readonly CancellationTokenSource _stopping = new();
        private readonly List<Watcher> _watchers = [];

        // Touched only by the loop.
        private readonly Dictionary<ChartSeries, int[]> _series;
        private readonly HashSet<int> _qualified = [];
        private int _calls, _answered, _messages;
        private long _lastId;
        private RangeView? _view;

        public Figures(RangeFigures owner, Key key, IReadOnlyList<DateTime> bars)
        {
            _owner = owner;
            Key = key;
            _bars = [.. bars];
            _series = Enum.GetValues<ChartSeries>().ToDictionary(s => s, _ => new int[_bars.Length - 1]);
            // Subscribed before the count, so no event falls between the two.
            _subscription = owner._stream.Subscribe(key.Organization);
            _ = Task.Run(() => RunAsync(_stopping.Token));
        }

        public Key Key { get; }

        public Watcher Add(Action<RangeView> changed)
        {
            var watcher = new Watcher(_owner, this, changed);
            _watchers.Add(watcher);
            if (Volatile.Read(ref _view) is { } view)
                Tell([watcher], view);
            return watcher;
        }

        public int Remove(Watcher watcher)
        {
            _watchers.Remove(watcher);
            return _watchers.Count;
        }

        public void Stop()
        {
            _stopping.Cancel();
            _subscription.Dispose();
        }

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await CountAsync(cancellationToken);
                await foreach (var burst in _subscription.BurstsAsync(() => PushEvery(_watchers.Count), cancellationToken))
                {
                    try
                    {
                        if (burst.FellBehind)
                            await CountAsync(cancellationToken);
                        else if (Add(burst.Events))
                            Publish();
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        _owner._logger.LogWarning(e, "Counting a dashboard range failed; counting again.");
                        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                        await CountAsync(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _owner._logger.LogError(e, "A dashboard range stopped counting.");
            }
        }

        private async Task CountAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _owner._counts);
            var factory = _owner._database.CreateFactory(Key.Organization);
            var latest = await new ActivityFeed(factory).LatestIdAsync(cancellationToken);
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var read = await Rows(db, Key.Start, Key.End, Key.Campaign, latest).ToListAsync(cancellationToken);
            foreach (var series in _series.Values)
                Array.Clear(series);
            _qualified.Clear();
            _calls = _answered = _messages = 0;
            foreach (var a in read)
                Count(a.OccurredAt, a.Kind, a.CallOutcome, a.LeadId, qualified: a.Kind == ActivityKind.StatusChange);
            _lastId = latest;
            Publish();
        }

        private bool Add(IReadOnlyList<ActivityEvent> events)
        {
            var changed = false;
            foreach (var e in events)
            {
                if (e.Id <= _lastId || (Key.Campaign is { } id && e.CampaignId != id))
                    continue;
                _lastId = e.Id;
                changed |= Count(e.OccurredAt, e.Kind, e.CallOutcome, e.LeadId, qualified: e.Kind == ActivityKind.StatusChange && e.StatusTo == LeadStatus.Qualified);
            }
            return changed;
        }

        private bool Count(DateTime at, ActivityKind kind, CallOutcome? outcome, int leadId, bool qualified)
        {
            if (at < _bars[0] || at >= _bars[^1])
                return false;
            var bar = Array.BinarySearch(_bars, at);
            bar = bar >= 0 ? bar : ~bar - 1;
            switch (kind)
            {
                case ActivityKind.Call:
                    _calls++;
                    if (outcome == CallOutcome.Answered)
                        _answered++;
                    _series[outcome switch
                    {
                        CallOutcome.Answered => ChartSeries.Answered,
                        CallOutcome.NoAnswer => ChartSeries.NoAnswer,
                        CallOutcome.Voicemail => ChartSeries.Voicemail,
                        _ => ChartSeries.OtherCalls,
                    }][bar]++;
                    return true;
                case ActivityKind.Message:
                    _messages++;
                    _series[ChartSeries.Messages][bar]++;
                    return true;
                case ActivityKind.StatusChange when qualified:
                    return _qualified.Add(leadId);
                default:
                    return false;
            }
        }

        private void Publish()
        {
            var view = new RangeView(new ActivityTotals(_calls, _answered, _messages, _qualified.Count), _bars,
                _series.ToDictionary(s => s.Key, s => (int[])s.Value.Clone()));
            Volatile.Write(ref _view, view);
            Watcher[] watchers;
            lock (_owner._gate)
                watchers = [.. _watchers];
            Tell(watchers, view);
        }

        private void Tell(IEnumerable<Watcher> watchers, RangeView view)
        {
            foreach (var watcher in watchers)
            {
                try
                {
                    watcher.Changed(view);
                }
                catch (Exception e)
                {
                    _owner._logger.LogError(e, "A dashboard failed to take its figures.");
                }
            }
        }
    }
}
