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
public sealed record ActivityHistogram(DateTime Start, TimeSpan Interval, IReadOnlyList<int> Calls, IReadOnlyList<int> Messages);

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
        var activities = db.Activities.AsQueryable();
        if (campaignId is { } id)
            activities = activities.Where(a => a.CampaignId == id);
        return await activities
            .OrderByDescending(a => a.Id)
            .Take(Math.Clamp(take, 1, 500))
            .Select(AsEvent)
            .ToListAsync(cancellationToken);
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

    /// <summary>Calls and messages in each of <paramref name="intervals"/> intervals ending at <paramref name="end"/>.</summary>
    public async Task<ActivityHistogram> HistogramAsync(DateTime end, TimeSpan interval, int intervals, CancellationToken cancellationToken = default)
    {
        // Interval boundaries fall on whole multiples of the interval, so the chart's bars do not slide every second.
        var last = new DateTime(end.Ticks - end.Ticks % interval.Ticks, DateTimeKind.Utc);
        var start = last - interval * (intervals - 1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Activities
            .Where(a => a.OccurredAt >= start && (a.Kind == ActivityKind.Call || a.Kind == ActivityKind.Message))
            .Select(a => new { a.OccurredAt, a.Kind })
            .ToListAsync(cancellationToken);
        var calls = new int[intervals];
        var messages = new int[intervals];
        foreach (var row in rows)
        {
            var index = (int)((row.OccurredAt - start).Ticks / interval.Ticks);
            if (index is < 0 || index >= intervals)
                continue;
            if (row.Kind == ActivityKind.Call)
                calls[index]++;
            else
                messages[index]++;
        }
        return new ActivityHistogram(start, interval, calls, messages);
    }

    /// <summary>
    /// Today's totals as a person in <paramref name="zone"/> reads "today": from their local midnight, not UTC's.
    /// </summary>
    public Task<ActivityTotals> TotalsTodayAsync(TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        TotalsSinceAsync(LocalDay.StartUtc(now, zone), cancellationToken);

    /// <summary>Totals of activities that occurred since <paramref name="since"/>.</summary>
    public async Task<ActivityTotals> TotalsSinceAsync(DateTime since, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = db.Activities.Where(a => a.OccurredAt >= since);
        var calls = await recent.CountAsync(a => a.Kind == ActivityKind.Call, cancellationToken);
        var answered = await recent.CountAsync(a => a.Kind == ActivityKind.Call && a.CallOutcome == CallOutcome.Answered, cancellationToken);
        var messages = await recent.CountAsync(a => a.Kind == ActivityKind.Message, cancellationToken);
        var qualified = await recent
            .Where(a => a.Kind == ActivityKind.StatusChange && a.StatusTo == Leads.LeadStatus.Qualified)
            .Select(a => a.LeadId).Distinct().CountAsync(cancellationToken);
        return new ActivityTotals(calls, answered, messages, qualified);
    }
}
