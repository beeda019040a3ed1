using Stopwatch = System.Diagnostics.Stopwatch;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Domain.Campaigns;

/// <summary>
/// The overview figures of each watched campaign, counted once per node and pushed to every overview and campaigns
/// list that watches them (the pattern of <see cref="DashboardFigures"/>). The first watcher of a campaign starts one
/// subscription to the <see cref="ActivityStream"/> and one count from the database (every query bounded by an index:
/// leads by campaign and status, activities by campaign and kind up to the newest id, the last hour by campaign and
/// time, follow-ups by campaign and state); after that each committed event of the campaign is added to a
/// <see cref="CampaignTally"/> as it arrives. Lead statuses and waiting follow-ups, which also change without an event
/// (an import, a follow-up scheduled), are counted again every minute; everything is counted again when the stream
/// says events were lost. The figures stay for a while after the last watcher leaves, so a person coming back (or
/// the next one opening the overview) does not wait for a count.
/// </summary>
public sealed class CampaignFigures(LeadActivityDatabase database, ActivityStream stream, TimeProvider clock, ILogger<CampaignFigures> logger)
{
    // Figures change with every event; overviews are told at most once a second.
    private static readonly TimeSpan Coalesce = TimeSpan.FromSeconds(1);
    /// <summary>How often lead statuses, follow-ups and the calling window are counted again, and the pace moves on.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);
    /// <summary>How long a campaign's figures are kept once no one watches them.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMinutes(10);
    private const int ZoneSample = 2_000;

    private readonly LeadActivityDatabase _database = database;
    private readonly ActivityStream _stream = stream;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger _logger = logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Organization, int Campaign), Figures> _campaigns = [];
    private int _counts;
    private long _eventTicks;
    private long _events;

    /// <summary>How many times a campaign's figures were counted from the database (all campaigns).</summary>
    public int DatabaseCounts => Volatile.Read(ref _counts);

    /// <summary>Events added to the figures so far, and the server time that took (adding, building the view, telling the watchers).</summary>
    public (long Events, TimeSpan Spent) EventCost => (Volatile.Read(ref _events), TimeSpan.FromTicks(Volatile.Read(ref _eventTicks) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));

    /// <summary>
    /// Calls <paramref name="changed"/> with the campaign's figures as soon as they are known and whenever they change,
    /// from a background thread; it must return at once. Dispose the result to stop.
    /// </summary>
    public IDisposable Watch(int organizationId, int campaignId, Action<CampaignFiguresView> changed)
    {
        lock (_gate)
        {
            if (!_campaigns.TryGetValue((organizationId, campaignId), out var figures))
                _campaigns[(organizationId, campaignId)] = figures = new Figures(this, organizationId, campaignId);
            return figures.Add(changed);
        }
    }

    /// <summary>Counts a campaign again on this node now (after its settings or status changed, or an import).</summary>
    public void Refresh(int organizationId, int campaignId)
    {
        lock (_gate)
        {
            if (_campaigns.TryGetValue((organizationId, campaignId), out var figures))
                figures.Post(Work.Recount);
        }
    }

    /// <summary>A campaign's calls by outcome and messages by delivery, up to an id (<c>IX_Activities_CampaignOutcomes</c>).</summary>
    internal static IQueryable<OutcomeCount> OutcomeCounts(LeadActivityDbContext db, int campaignId, long upToId) =>
        db.Activities
            .Where(a => a.CampaignId == campaignId && (a.Kind == ActivityKind.Call || a.Kind == ActivityKind.Message) && a.Id - upToId <= 0)
            .GroupBy(a => new { a.Kind, a.CallOutcome, a.DeliveryState })
            .Select(g => new OutcomeCount(g.Key.Kind, g.Key.CallOutcome, g.Key.DeliveryState, g.Count()));

    /// <summary>When a campaign's calls and messages since <paramref name="since"/> happened (<c>IX_Activities_CampaignPace</c>).</summary>
    internal static IQueryable<DateTime> PaceTimes(LeadActivityDbContext db, int campaignId, DateTime since, long upToId) =>
        db.Activities
            .Where(a => a.CampaignId == campaignId && a.OccurredAt >= since && (a.Kind == ActivityKind.Call || a.Kind == ActivityKind.Message) && a.Id - upToId <= 0)
            .Select(a => a.OccurredAt);

    internal sealed record OutcomeCount(ActivityKind Kind, CallOutcome? CallOutcome, DeliveryState? DeliveryState, int Count);

    private void Forget(Figures figures)
    {
        lock (_gate)
        {
            if (figures.Watching == 0 && _campaigns.GetValueOrDefault((figures.OrganizationId, figures.CampaignId)) == figures)
            {
                _campaigns.Remove((figures.OrganizationId, figures.CampaignId));
                figures.Stop();
            }
        }
    }

    private enum Work { Recount, Refresh, Tell }

    private sealed class Watcher(Figures figures, Action<CampaignFiguresView> changed) : IDisposable
    {
        public void Changed(CampaignFiguresView view) => changed(view);

        public void Dispose() => figures.Remove(this);
    }

    private sealed class Figures
    {
        private readonly CampaignFigures _owner;
        private readonly IDbContextFactory<LeadActivityDbContext> _db;
        private readonly ActivityFeed _feed;
        private readonly ActivitySubscription _subscription;
        private readonly System.Threading.Channels.Channel<object> _work = System.Threading.Channels.Channel.CreateUnbounded<object>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
        private readonly CancellationTokenSource _stopping = new();
        private readonly ITimer _refresh;
        private readonly ITimer _linger;
        private readonly List<Watcher> _watchers = [];

        // Touched only by the loop.
        private readonly CampaignTally _tally;
        private bool _counted;
        private long _lastId;
        private CallingHours _hours = CallingHours.Weekdays9To18;
        private TimeZoneInfo[] _zones = [];
        private TimeZoneInfo _mainZone = TimeZoneInfo.Utc;
        private CampaignFiguresView? _view;

        public Figures(CampaignFigures owner, int organizationId, int campaignId)
        {
            _owner = owner;
            OrganizationId = organizationId;
            CampaignId = campaignId;
            _tally = new CampaignTally(campaignId);
            _db = owner._database.CreateFactory(organizationId);
            _feed = new ActivityFeed(_db);
            // Subscribed before the first count, so no event falls between the two.
            _subscription = owner._stream.Subscribe(organizationId);
            _refresh = owner._clock.CreateTimer(_ => Post(Work.Refresh), null, RefreshEvery, RefreshEvery);
            _linger = owner._clock.CreateTimer(_ => owner.Forget(this), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Post(Work.Recount);
            _ = Task.Run(() => FollowAsync(_stopping.Token));
            _ = Task.Run(() => RunAsync(_stopping.Token));
        }

        public int OrganizationId { get; }

        public int CampaignId { get; }

        /// <summary>How many watch now (under the owner's lock).</summary>
        public int Watching => _watchers.Count;

        public void Post(object work) => _work.Writer.TryWrite(work);

        public Watcher Add(Action<CampaignFiguresView> changed)
        {
            var watcher = new Watcher(this, changed);
            _watchers.Add(watcher);
            _linger.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Post(watcher);
            return watcher;
        }

        public void Remove(Watcher watcher)
        {
            lock (_owner._gate)
            {
                if (_watchers.Remove(watcher) && _watchers.Count == 0)
                    _linger.Change(Linger, Timeout.InfiniteTimeSpan);
            }
        }

        public void Stop()
        {
            _stopping.Cancel();
            _subscription.Dispose();
            _refresh.Dispose();
            _linger.Dispose();
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
                Post(burst);
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
                        _owner._logger.LogWarning(e, "Counting the figures of campaign {Campaign} failed; trying again in a second.", CampaignId);
                        _counted = false; // nothing is added to figures that may be incomplete
                        _ = Task.Delay(TimeSpan.FromSeconds(1), _owner._clock, cancellationToken).ContinueWith(_ => Post(Work.Recount), TaskScheduler.Default);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }

        private async Task DoAsync(object work, CancellationToken cancellationToken)
        {
            switch (work)
            {
                case Work.Recount:
                    await CountAsync(cancellationToken);
                    Tell(Watchers());
                    break;
                case Work.Refresh when _counted:
                    await CountLeadsAsync(cancellationToken);
                    Tell(Watchers());
                    break;
                case Watcher watcher when _counted:
                    if (_view is null)
                        Tell(Watchers());
                    else
                        Tell([watcher], fresh: false);
                    break;
                case ActivityBurst burst when _counted:
                    if (burst.FellBehind)
                    {
                        await CountAsync(cancellationToken);
                        Tell(Watchers());
                        break;
                    }
                    var started = Stopwatch.GetTimestamp();
                    var added = 0;
                    foreach (var e in burst.Events)
                    {
                        if (e.CampaignId != CampaignId || e.Id <= _lastId)
                            continue;
                        _lastId = e.Id;
                        added += _tally.Add(e) ? 1 : 0;
                    }
                    if (added > 0)
                    {
                        Tell(Watchers());
                        Interlocked.Add(ref _owner._eventTicks, Stopwatch.GetTimestamp() - started);
                        Interlocked.Add(ref _owner._events, added);
                    }
                    break;
            }
        }

        /// <summary>Counts everything up to the newest id; events after it are added as they come.</summary>
        private async Task CountAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _owner._counts);
            var now = _owner._clock.GetUtcNow().UtcDateTime;
            var latest = await _feed.LatestIdAsync(cancellationToken);
            await using (var db = await _db.CreateDbContextAsync(cancellationToken))
            {
                var counts = await OutcomeCounts(db, CampaignId, latest).ToListAsync(cancellationToken);
                var hourAgo = now.AddMinutes(-61);
                var lastHour = await PaceTimes(db, CampaignId, hourAgo, latest).ToListAsync(cancellationToken);
                _tally.SetActivities(counts.Select(c => (c.Kind, c.CallOutcome, c.DeliveryState, c.Count)), lastHour);
            }
            _lastId = latest;
            await CountLeadsAsync(cancellationToken);
            _counted = true;
        }

        /// <summary>Lead statuses, waiting follow-ups, the settings and the zones of the leads next in line.</summary>
        private async Task CountLeadsAsync(CancellationToken cancellationToken)
        {
            await using var db = await _db.CreateDbContextAsync(cancellationToken);
            var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == CampaignId, cancellationToken);
            if (campaign is null)
                return;
            var statuses = await db.Leads.Where(l => l.CampaignId == CampaignId).GroupBy(l => l.Status)
                .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            _tally.SetStatuses(statuses.Select(s => (s.Key, s.Count)));
            _tally.FollowUpsWaiting = await db.FollowUps.CountAsync(f => f.CampaignId == CampaignId && f.State == FollowUpState.Scheduled, cancellationToken);
            // The leads next in line say which zones the next window opens in: a few thousand of them, one look-up per
            // number prefix (a zone follows the country and area code), never the whole list.
            var numbers = await db.Leads.Where(l => l.CampaignId == CampaignId && l.Status == LeadStatus.New)
                .Select(l => l.Phone ?? l.WhatsApp).Take(ZoneSample).ToListAsync(cancellationToken);
            var zones = numbers.GroupBy(n => n is { Length: >= 7 } ? n[..7] : n ?? "")
                .Select(g => (Zone: CallingWindow.ZoneOf(campaign, g.First()), Leads: g.Count()))
                .GroupBy(z => z.Zone.Id)
                .Select(g => (g.First().Zone, Leads: g.Sum(z => z.Leads)))
                .OrderByDescending(z => z.Leads)
                .ToList();
            var fallback = CallingWindow.ZoneOf(campaign, null);
            _hours = campaign.CallingHours;
            _zones = zones.Count == 0 ? [fallback] : [.. zones.Select(z => z.Zone)];
            _mainZone = zones.Count == 0 ? fallback : zones[0].Zone;
        }

        /// <summary>Builds the view as of now (the pace slides with the clock) and gives it to the watchers.</summary>
        private void Tell(IReadOnlyList<Watcher> watchers, bool fresh = true)
        {
            if (fresh || _view is null)
                _view = _tally.View(_owner._clock.GetUtcNow().UtcDateTime, _hours, _zones, _mainZone);
            foreach (var watcher in watchers)
            {
                try
                {
                    watcher.Changed(_view);
                }
                catch (Exception e)
                {
                    _owner._logger.LogError(e, "An overview failed to take its figures.");
                }
            }
        }
    }
}
