using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Activities;

/// <summary>Today's figures for the dashboard tiles.</summary>
public sealed record ActivityTotals(int Calls, int AnsweredCalls, int Messages, int QualifiedLeads)
{
    /// <summary>Answered calls over all calls, or null when there were none.</summary>
    public double? AnswerRate => Calls == 0 ? null : (double)AnsweredCalls / Calls;
}

/// <summary>Calls and messages per interval, oldest interval first.</summary>
public sealed record ActivityHistogram(DateTime Start, TimeSpan Interval, IReadOnlyList<int> Calls, IReadOnlyList<int> Messages)
{
    /// <summary>
    /// The first interval's start: boundaries fall on whole multiples of the interval, so the chart's bars do not
    /// slide every second.
    /// </summary>
    internal static DateTime StartFor(DateTime end, TimeSpan interval, int intervals) =>
        new DateTime(end.Ticks - end.Ticks % interval.Ticks, DateTimeKind.Utc) - interval * (intervals - 1);

    internal static void Add(DateTime start, TimeSpan interval, int[] calls, int[] messages, ActivityKind kind, DateTime occurredAt)
    {
        if (occurredAt < start || kind is not (ActivityKind.Call or ActivityKind.Message))
            return;
        var index = (int)((occurredAt - start).Ticks / interval.Ticks);
        if (index >= calls.Length)
            return;
        if (kind == ActivityKind.Call)
            calls[index]++;
        else
            messages[index]++;
    }
}

internal sealed record HistogramRow(DateTime OccurredAt, ActivityKind Kind);

internal sealed record TallyRow(int Calls, int Answered, int Messages);

/// <summary>The tiles' counts since a day's start, kept up to date event by event (the qualified leads as a set: a lead counts once).</summary>
internal sealed class ActivityTally(DateTime since, int calls, int answered, int messages, HashSet<int> qualifiedLeads)
{
    public DateTime Since => since;

    public ActivityTotals Totals { get; private set; } = new(calls, answered, messages, qualifiedLeads.Count);

    /// <summary>Counts a committed event; false when it changes nothing here (before the day, or not counted).</summary>
    public bool Add(ActivityEvent e)
    {
        if (e.OccurredAt < since)
            return false;
        switch (e.Kind)
        {
            case ActivityKind.Call:
                calls++;
                if (e.CallOutcome == CallOutcome.Answered)
                    answered++;
                break;
            case ActivityKind.Message:
                messages++;
                break;
            case ActivityKind.StatusChange when e.StatusTo == Leads.LeadStatus.Qualified && qualifiedLeads.Add(e.LeadId):
                break;
            default:
                return false;
        }
        Totals = new ActivityTotals(calls, answered, messages, qualifiedLeads.Count);
        return true;
    }
}

/// <summary>Reads the organization's activity, newest first, for the home page's Lead activity widget.</summary>
public sealed class ActivityFeed(IDbContextFactory<LeadActivityDbContext> dbFactory)
{
    private static readonly System.Linq.Expressions.Expression<Func<Activity, ActivityEvent>> AsEvent = a => new ActivityEvent(
        a.Id, a.OccurredAt, a.Kind, a.LeadId, a.Lead!.Name, a.CampaignId, a.Lead.Campaign!.Name,
        a.Direction, a.Channel, a.CallOutcome, a.DeliveryState, a.DurationSeconds, a.StatusFrom, a.StatusTo, a.Body);

    /// <summary>The most recent events, newest first, optionally of one campaign.</summary>
    public async Task<IReadOnlyList<ActivityEvent>> RecentAsync(int take, int? campaignId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Recent(db, take, campaignId).ToListAsync(cancellationToken);
    }

    internal static IQueryable<ActivityEvent> Recent(LeadActivityDbContext db, int take, int? campaignId)
    {
        var activities = db.Activities.AsQueryable();
        if (campaignId is { } id)
            activities = activities.Where(a => a.CampaignId == id);
        return activities.OrderByDescending(a => a.Id).Take(Math.Clamp(take, 1, 500)).Select(AsEvent);
    }

    /// <summary>Events after <paramref name="afterId"/>, oldest first: what a dashboard missed while it was away.</summary>
    public async Task<IReadOnlyList<ActivityEvent>> AfterAsync(long afterId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Activities
            .Where(a => a.Id > afterId)
            .OrderBy(a => a.Id)
            .Take(Math.Clamp(take, 1, 1000))
            .Select(AsEvent)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The organization's activities after an id, oldest first, whole: the API's catch-up and export.</summary>
    public async Task<IReadOnlyList<Activity>> ActivitiesAfterAsync(long afterId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Activities.AsNoTracking().Where(a => a.Id > afterId).OrderBy(a => a.Id).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
    }

    /// <summary>The organization's newest activity id (0 when it has none).</summary>
    public async Task<long> LatestIdAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Activities.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
    }

    /// <summary>Calls and messages in each of <paramref name="intervals"/> intervals ending at <paramref name="end"/>.</summary>
    public Task<ActivityHistogram> HistogramAsync(DateTime end, TimeSpan interval, int intervals, CancellationToken cancellationToken = default) =>
        HistogramAsync(end, interval, intervals, long.MaxValue, cancellationToken);

    /// <summary>The histogram of the activities up to id <paramref name="upToId"/>, so later events can be added to it one by one.</summary>
    internal async Task<ActivityHistogram> HistogramAsync(DateTime end, TimeSpan interval, int intervals, long upToId, CancellationToken cancellationToken)
    {
        var start = ActivityHistogram.StartFor(end, interval, intervals);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await HistogramRows(db, start, upToId).ToListAsync(cancellationToken);
        var calls = new int[intervals];
        var messages = new int[intervals];
        foreach (var row in rows)
            ActivityHistogram.Add(start, interval, calls, messages, row.Kind, row.OccurredAt);
        return new ActivityHistogram(start, interval, calls, messages);
    }

    // Bounded by time on IX_Activities_OrganizationId_OccurredAt: two hours, never the organization's history. The
    // bound on the id (counted up to an id, so later events can be added one by one) is written as an expression so
    // that neither database reads the primary key's range instead, which is all of the history.
    internal static IQueryable<HistogramRow> HistogramRows(LeadActivityDbContext db, DateTime start, long upToId) =>
        db.Activities
            .Where(a => a.OccurredAt >= start && a.Id - upToId <= 0 && (a.Kind == ActivityKind.Call || a.Kind == ActivityKind.Message))
            .Select(a => new HistogramRow(a.OccurredAt, a.Kind));

    /// <summary>
    /// Today's totals as a person in <paramref name="zone"/> reads "today": from their local midnight, not UTC's.
    /// </summary>
    public Task<ActivityTotals> TotalsTodayAsync(TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        TotalsSinceAsync(LocalDay.StartUtc(now, zone), cancellationToken);

    /// <summary>Totals of activities that occurred since <paramref name="since"/>.</summary>
    public async Task<ActivityTotals> TotalsSinceAsync(DateTime since, CancellationToken cancellationToken = default) =>
        (await TallySinceAsync(since, long.MaxValue, cancellationToken)).Totals;

    /// <summary>
    /// What the tiles count since <paramref name="since"/>, up to id <paramref name="upToId"/>, in two queries bounded by
    /// time on IX_Activities_OrganizationId_OccurredAt (the id as in <see cref="HistogramRows"/>); later events are
    /// added to it one by one.
    /// </summary>
    internal async Task<ActivityTally> TallySinceAsync(DateTime since, long upToId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await TallyCounts(db, since, upToId).FirstOrDefaultAsync(cancellationToken);
        var qualified = await QualifiedLeads(db, since, upToId).ToListAsync(cancellationToken);
        return new ActivityTally(since, counts?.Calls ?? 0, counts?.Answered ?? 0, counts?.Messages ?? 0, [.. qualified]);
    }

    internal static IQueryable<TallyRow> TallyCounts(LeadActivityDbContext db, DateTime since, long upToId) =>
        db.Activities
            .Where(a => a.OccurredAt >= since && a.Id - upToId <= 0)
            .GroupBy(a => 1)
            .Select(g => new TallyRow(
                g.Count(a => a.Kind == ActivityKind.Call),
                g.Count(a => a.Kind == ActivityKind.Call && a.CallOutcome == CallOutcome.Answered),
                g.Count(a => a.Kind == ActivityKind.Message)));

    // Not DISTINCT in SQL: SQLite would then walk IX_Activities_LeadId_Id for the order, over the whole history.
    internal static IQueryable<int> QualifiedLeads(LeadActivityDbContext db, DateTime since, long upToId) =>
        db.Activities
            .Where(a => a.OccurredAt >= since && a.Id - upToId <= 0 && a.Kind == ActivityKind.StatusChange && a.StatusTo == Leads.LeadStatus.Qualified)
            .Select(a => a.LeadId);
}
