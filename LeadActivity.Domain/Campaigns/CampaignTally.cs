using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Campaigns;

/// <summary>One step of a campaign's status funnel: how many leads reached it, and what share of the step before.</summary>
public sealed record FunnelStep(string Label, LeadStatus? Status, int Leads, double? Conversion);

/// <summary>What a campaign's overview shows at one moment: progress, pace, outcomes, the funnel, the calling window and the finish.</summary>
public sealed record CampaignFiguresView(
    int CampaignId,
    int Leads,
    IReadOnlyDictionary<LeadStatus, int> LeadsByStatus,
    int FollowUpsWaiting,
    int Calls,
    IReadOnlyDictionary<CallOutcome, int> CallOutcomes,
    int Messages,
    int MessagesFailed,
    double PerMinuteNow,
    int LastHour,
    bool WindowOpen,
    DateTime? NextWindowUtc,
    DateTime? FinishesAtUtc,
    DateTime AsOfUtc)
{
    /// <summary>Leads the agent has reached at least once (every status but New).</summary>
    public int Contacted => Leads - LeadsLeft;

    /// <summary>Leads still waiting for their first contact.</summary>
    public int LeadsLeft => LeadsByStatus.GetValueOrDefault(LeadStatus.New);

    /// <summary>Share of the list contacted; null for an empty list.</summary>
    public double? Done => Leads == 0 ? null : (double)Contacted / Leads;

    /// <summary>Share of the calls that ended with <paramref name="outcome"/>; null before the first call.</summary>
    public double? Rate(CallOutcome outcome) => Calls == 0 ? null : (double)CallOutcomes.GetValueOrDefault(outcome) / Calls;

    /// <summary>
    /// New → contacted → where contacted leads ended up. "Contacted" is every lead past New; each later step's
    /// conversion is its share of the contacted leads.
    /// </summary>
    public IReadOnlyList<FunnelStep> Funnel
    {
        get
        {
            List<FunnelStep> steps =
            [
                new("All leads", null, Leads, null),
                new("Contacted", LeadStatus.Contacted, Contacted, Leads == 0 ? null : (double)Contacted / Leads),
            ];
            foreach (var status in (LeadStatus[])[LeadStatus.Qualified, LeadStatus.Callback, LeadStatus.NotInterested, LeadStatus.DoNotCall, LeadStatus.Unreachable])
            {
                var leads = LeadsByStatus.GetValueOrDefault(status);
                steps.Add(new(status.Label(), status, leads, Contacted == 0 ? null : (double)leads / Contacted));
            }
            return steps;
        }
    }
}

/// <summary>
/// A campaign's figures kept up to date one committed event at a time: lead statuses (from status changes), call
/// outcomes, messages and the pace in one-minute buckets over the last hour. Loaded once from the database, then each
/// event costs a few array writes whatever the campaign's size. Not thread-safe: one loop owns it.
/// </summary>
public sealed class CampaignTally
{
    /// <summary>"Per minute now" is the average over this many minutes.</summary>
    public const int NowMinutes = 5;
    private const int Minutes = 61; // the last hour, and the minute under way

    private readonly int[] _statuses = new int[Enum.GetValues<LeadStatus>().Length];
    private readonly int[] _outcomes = new int[Enum.GetValues<CallOutcome>().Length];
    private readonly long[] _bucketMinute = new long[Minutes];
    private readonly int[] _bucketCount = new int[Minutes];
    private int _calls;
    private int _messages;
    private int _messagesFailed;

    public int CampaignId { get; }

    /// <summary>Follow-ups scheduled and not yet due or dispatched (counted from the database now and then).</summary>
    public int FollowUpsWaiting { get; set; }

    public CampaignTally(int campaignId)
    {
        CampaignId = campaignId;
        Array.Fill(_bucketMinute, long.MinValue);
    }

    /// <summary>Replaces the lead counts (a count from the database).</summary>
    public void SetStatuses(IEnumerable<(LeadStatus Status, int Leads)> counts)
    {
        Array.Clear(_statuses);
        foreach (var (status, leads) in counts)
            _statuses[(int)status] += leads;
    }

    /// <summary>Replaces the activity counts and the pace with a count from the database.</summary>
    public void SetActivities(IEnumerable<(ActivityKind Kind, CallOutcome? Outcome, DeliveryState? Delivery, int Count)> counts, IEnumerable<DateTime> lastHour)
    {
        Array.Clear(_outcomes);
        _calls = _messages = _messagesFailed = 0;
        foreach (var (kind, outcome, delivery, count) in counts)
            AddActivity(kind, outcome, delivery, count);
        Array.Fill(_bucketMinute, long.MinValue);
        Array.Clear(_bucketCount);
        foreach (var at in lastHour)
            AddPace(at);
    }

    /// <summary>Counts one committed event of this campaign; true when a figure changed.</summary>
    public bool Add(ActivityEvent e)
    {
        switch (e.Kind)
        {
            case ActivityKind.Call or ActivityKind.Message:
                AddActivity(e.Kind, e.CallOutcome, e.DeliveryState, 1);
                AddPace(e.OccurredAt);
                if (e.FirstContact && _statuses[(int)LeadStatus.New] > 0)
                {
                    _statuses[(int)LeadStatus.New]--;
                    _statuses[(int)LeadStatus.Contacted]++;
                }
                return true;
            case ActivityKind.StatusChange when e.StatusTo is { } to && e.StatusFrom != to:
                if (e.StatusFrom is { } from && _statuses[(int)from] > 0)
                    _statuses[(int)from]--;
                _statuses[(int)to]++;
                return true;
            default:
                return false;
        }
    }

    private void AddActivity(ActivityKind kind, CallOutcome? outcome, DeliveryState? delivery, int count)
    {
        if (kind == ActivityKind.Call)
        {
            _calls += count;
            if (outcome is { } o)
                _outcomes[(int)o] += count;
        }
        else if (kind == ActivityKind.Message)
        {
            _messages += count;
            if (delivery == DeliveryState.Failed)
                _messagesFailed += count;
        }
    }

    private void AddPace(DateTime at)
    {
        var minute = MinuteOf(at);
        var slot = (int)(((minute % Minutes) + Minutes) % Minutes);
        if (_bucketMinute[slot] > minute)
            return; // older than the hour the slot holds now
        if (_bucketMinute[slot] != minute)
        {
            _bucketMinute[slot] = minute;
            _bucketCount[slot] = 0;
        }
        _bucketCount[slot]++;
    }

    private static long MinuteOf(DateTime at) => at.Ticks / TimeSpan.TicksPerMinute;

    /// <summary>Calls and messages in the <paramref name="minutes"/> minutes up to <paramref name="now"/> (the minute under way included).</summary>
    public int CountSince(DateTime now, int minutes)
    {
        var current = MinuteOf(now);
        var total = 0;
        for (var slot = 0; slot < Minutes; slot++)
        {
            if (_bucketMinute[slot] > current - minutes && _bucketMinute[slot] <= current)
                total += _bucketCount[slot];
        }
        return total;
    }

    /// <summary>
    /// The figures as of <paramref name="now"/>. The calling window is the earliest among <paramref name="zones"/>
    /// (the zones of the leads next in line); the finish is estimated at the pace of the last
    /// <see cref="NowMinutes"/> minutes, counting only calling hours in <paramref name="mainZone"/>.
    /// </summary>
    public CampaignFiguresView View(DateTime now, CallingHours hours, IReadOnlyCollection<TimeZoneInfo> zones, TimeZoneInfo mainZone)
    {
        var perMinute = CountSince(now, NowMinutes) / (double)NowMinutes;
        var left = _statuses[(int)LeadStatus.New];
        var next = NextWindow(now, hours, zones);
        return new CampaignFiguresView(
            CampaignId,
            _statuses.Sum(),
            Enum.GetValues<LeadStatus>().ToDictionary(s => s, s => _statuses[(int)s]),
            FollowUpsWaiting,
            _calls,
            Enum.GetValues<CallOutcome>().ToDictionary(o => o, o => _outcomes[(int)o]),
            _messages,
            _messagesFailed,
            perMinute,
            CountSince(now, 60),
            next is { } opens && opens <= now,
            next,
            FinishesAt(now, left, perMinute, hours, mainZone),
            now);
    }

    /// <summary>When the calling hours next open for any of <paramref name="zones"/> (now, when open for one); null without zones.</summary>
    public static DateTime? NextWindow(DateTime now, CallingHours hours, IReadOnlyCollection<TimeZoneInfo> zones) =>
        zones.Count == 0 ? null : zones.Min(z => hours.NextOpeningUtc(now, z));

    /// <summary>
    /// When <paramref name="leadsLeft"/> leads are done at <paramref name="perMinute"/> contacts a minute, working only
    /// inside the calling hours read in <paramref name="zone"/>; null when there is no pace to go by.
    /// </summary>
    public static DateTime? FinishesAt(DateTime now, int leadsLeft, double perMinute, CallingHours hours, TimeZoneInfo zone)
    {
        now = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        if (leadsLeft <= 0)
            return now;
        if (perMinute <= 0)
            return null;
        var remaining = TimeSpan.FromMinutes(leadsLeft / perMinute);
        if (hours.Days.Count == 0 || hours.Start >= hours.End)
            return now + remaining; // no hours set: always open
        var t = now;
        // Ten years of windows at most: a pace that slow has no meaningful finish.
        for (var i = 0; i < 3_700; i++)
        {
            var opens = hours.NextOpeningUtc(t, zone);
            var local = TimeZoneInfo.ConvertTimeFromUtc(opens, zone);
            var closesLocal = local.Date + hours.End.ToTimeSpan();
            while (zone.IsInvalidTime(closesLocal))
                closesLocal = closesLocal.AddMinutes(30);
            var closes = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(closesLocal, DateTimeKind.Unspecified), zone);
            var open = closes - opens;
            if (open >= remaining)
                return opens + remaining;
            if (open > TimeSpan.Zero)
                remaining -= open;
            t = closes > opens ? closes : opens.AddMinutes(1);
        }
        return null;
    }
}
