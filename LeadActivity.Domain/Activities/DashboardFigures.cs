using System.Threading.Channels;
using LeadActivity.Domain.Persistence;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Domain.Activities;

/// <summary>What the top of a dashboard shows: today's totals (today in the viewer's zone) and the last two hours.</summary>
public sealed record DashboardView(ActivityTotals Totals, ActivityHistogram Histogram);

/// <summary>
/// The dashboard figures of each organization, counted once per node and pushed to every dashboard that watches them.
/// The first watcher of an organization starts one subscription to the <see cref="ActivityStream"/> and one count
/// from the database (bounded by time: today and the last two hours); after that every committed event is added to
/// the counts as it arrives, so an event costs the same however many dashboards are open, plus one callback per
/// dashboard. The counts are taken again from the database when the stream says events were lost, and at every
/// 5-minute boundary (the chart's bars move on, a zone's day may turn, and an event that reached this node late
/// through Redis is counted). "Today" differs by time zone: one tally per distinct day start among the watchers.
/// </summary>
public sealed class DashboardFigures(LeadActivityDatabase database, ActivityStream stream, TimeProvider clock, ILogger<DashboardFigures> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    public const int Intervals = 24;
    // Figures change with every event; dashboards are told at most once a second (each push is a render of the tiles
    // and the chart on every open dashboard).
    private static readonly TimeSpan Coalesce = TimeSpan.FromSeconds(1);

    private readonly LeadActivityDatabase _database = database;
    private readonly ActivityStream _stream = stream;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger _logger = logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, OrganizationFigures> _organizations = [];
    private int _counts;

    /// <summary>How many times figures were counted from the database, over all organizations.</summary>
    public int DatabaseCounts => Volatile.Read(ref _counts);

    /// <summary>
    /// Calls <paramref name="changed"/> with the organization's figures as soon as they are known and whenever they
    /// change, from a background thread; it must return at once. Dispose the result to stop.
    /// </summary>
    public IDisposable Watch(int organizationId, TimeZoneInfo zone, Action<DashboardView> changed)
    {
        lock (_gate)
        {
            if (!_organizations.TryGetValue(organizationId, out var figures))
            {
                _organizations[organizationId] = figures = new OrganizationFigures(this, organizationId);
                figures.Start();
            }
            return figures.Add(zone, changed);
        }
    }

    private void Leave(OrganizationFigures figures, Watcher watcher)
    {
        lock (_gate)
        {
            if (figures.Remove(watcher) == 0 && _organizations.GetValueOrDefault(figures.OrganizationId) == figures)
            {
                _organizations.Remove(figures.OrganizationId);
                figures.Stop();
            }
        }
    }

    private sealed class Watcher(DashboardFigures owner, OrganizationFigures figures, TimeZoneInfo zone, Action<DashboardView> changed) : IDisposable
    {
        public TimeZoneInfo Zone => zone;

        public void Changed(DashboardView view) => changed(view);

        public void Dispose() => owner.Leave(figures, this);
    }

    /// <summary>Work for an organization's one loop: counting again from the database, or telling one new watcher.</summary>
    private enum Recount { Now }

    private sealed class OrganizationFigures
    {
        private readonly DashboardFigures _owner;
        private readonly ActivityFeed _feed;
        private readonly ActivitySubscription _subscription;
        private readonly Channel<object> _work = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        private readonly CancellationTokenSource _stopping = new();
        private readonly ITimer _boundary;
        private readonly List<Watcher> _watchers = [];

        // Touched only by the loop.
        private long _lastId;
        private DateTime _start;
        private int[] _calls = new int[Intervals];
        private int[] _messages = new int[Intervals];
        private ActivityHistogram? _histogram;
        private Dictionary<DateTime, ActivityTally> _days = [];

        public OrganizationFigures(DashboardFigures owner, int organizationId)
        {
            _owner = owner;
            OrganizationId = organizationId;
            _feed = new ActivityFeed(owner._database.CreateFactory(organizationId));
            // Subscribed before the first count, so no event falls between the two.
            _subscription = owner._stream.Subscribe(organizationId);
            _boundary = owner._clock.CreateTimer(_ => _work.Writer.TryWrite(Recount.Now), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _work.Writer.TryWrite(Recount.Now);
        }

        /// <summary>Starts the organization's loop (and the one feeding it bursts); <see cref="Stop"/> ends both.</summary>
        public void Start()
        {
            _ = Task.Run(() => FollowAsync(_stopping.Token));
            _ = Task.Run(() => RunAsync(_stopping.Token));
        }

        public int OrganizationId { get; }

        public Watcher Add(TimeZoneInfo zone, Action<DashboardView> changed)
        {
            var watcher = new Watcher(_owner, this, zone, changed);
            _watchers.Add(watcher);
            _work.Writer.TryWrite(watcher);
            return watcher;
        }

        /// <summary>Removes a watcher (under the owner's lock); returns how many are left.</summary>
        public int Remove(Watcher watcher)
        {
            _watchers.Remove(watcher);
            return _watchers.Count;
        }

        public void Stop()
        {
            _stopping.Cancel();
            _subscription.Dispose();
            _boundary.Dispose();
            _work.Writer.TryComplete();
        }

        private Watcher[] Watchers()
        {
            lock (_owner._gate)
                return [.. _watchers];
        }

        private async Task FollowAsync(CancellationToken cancellationToken)
        {
            await foreach (var burst in _subscription.BurstsAsync(Coalesce, cancellationToken))
                _work.Writer.TryWrite(burst);
        }

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var work in _work.Reader.ReadAllAsync(cancellationToken))
                {
                    try
                    {
                        await DoAsync(work, cancellationToken);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        _owner._logger.LogWarning(e, "Counting the dashboard figures of organization {Organization} failed; trying again in a second.", OrganizationId);
                        _histogram = null; // nothing is added to figures that may be incomplete
                        _boundary.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }

        private async Task DoAsync(object work, CancellationToken cancellationToken)
        {
            var now = _owner._clock.GetUtcNow();
            switch (work)
            {
                case Recount:
                    await CountAsync(now, cancellationToken);
                    await TellAsync(Watchers(), now, cancellationToken);
                    break;
                case Watcher watcher when _histogram is not null:
                    await TellAsync([watcher], now, cancellationToken);
                    break;
                case ActivityBurst burst when _histogram is not null:
                    if (burst.FellBehind || ActivityHistogram.StartFor(now.UtcDateTime, Interval, Intervals) != _start)
                    {
                        await CountAsync(now, cancellationToken);
                        await TellAsync(Watchers(), now, cancellationToken);
                    }
                    else if (Add(burst.Events))
                        await TellAsync(Watchers(), now, cancellationToken);
                    break;
            }
        }

        /// <summary>Counts everything up to the newest id from the database; events after it are added as they come.</summary>
        private async Task CountAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _owner._counts);
            var latest = await _feed.LatestIdAsync(cancellationToken);
            var histogram = await _feed.HistogramAsync(now.UtcDateTime, Interval, Intervals, latest, cancellationToken);
            var days = new Dictionary<DateTime, ActivityTally>();
            foreach (var day in Watchers().Select(w => LocalDay.StartUtc(now, w.Zone)).Distinct())
                days[day] = await _feed.TallySinceAsync(day, latest, cancellationToken);
            _lastId = latest;
            _start = histogram.Start;
            _calls = [.. histogram.Calls];
            _messages = [.. histogram.Messages];
            _histogram = histogram;
            _days = days;
            // Again at the next boundary, a moment after it so that the new interval (and a zone's new day) has begun.
            var next = _start + Interval * Intervals;
            _boundary.Change(next - now.UtcDateTime + TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
        }

        /// <summary>Adds events newer than what was counted; true when a figure changed.</summary>
        private bool Add(IReadOnlyList<ActivityEvent> events)
        {
            var changed = false;
            foreach (var e in events)
            {
                if (e.Id <= _lastId)
                    continue; // counted already
                _lastId = e.Id;
                if (e.Kind is ActivityKind.Call or ActivityKind.Message && e.OccurredAt >= _start)
                {
                    ActivityHistogram.Add(_start, Interval, _calls, _messages, e.Kind, e.OccurredAt);
                    changed = true;
                }
                foreach (var day in _days.Values)
                    changed |= day.Add(e);
            }
            if (changed)
                _histogram = new ActivityHistogram(_start, Interval, [.. _calls], [.. _messages]);
            return changed;
        }

        /// <summary>Gives each watcher the figures of its day (counting a day no one watched before).</summary>
        private async Task TellAsync(IReadOnlyList<Watcher> watchers, DateTimeOffset now, CancellationToken cancellationToken)
        {
            foreach (var group in watchers.GroupBy(w => LocalDay.StartUtc(now, w.Zone)))
            {
                if (!_days.TryGetValue(group.Key, out var day))
                {
                    Interlocked.Increment(ref _owner._counts);
                    _days[group.Key] = day = await _feed.TallySinceAsync(group.Key, _lastId, cancellationToken);
                }
                var view = new DashboardView(day.Totals, _histogram!);
                foreach (var watcher in group)
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
}
