using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Activities;

/// <summary>The figures of the dashboard's tiles for a range.</summary>
public sealed record ActivityTotals(int Calls, int AnsweredCalls, int Messages, int QualifiedLeads)
{
    /// <summary>Answered calls over all calls, or null when there were none.</summary>
    public double? AnswerRate => Calls == 0 ? null : (double)AnsweredCalls / Calls;
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
}
