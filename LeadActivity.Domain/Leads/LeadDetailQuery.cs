using LeadActivity.Domain.Activities;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Leads;

/// <summary>Reads one lead for the lead page: identity, fields, follow-ups, its timeline in pages, and its calls.</summary>
public sealed class LeadDetailQuery(IDbContextFactory<LeadActivityDbContext> dbFactory)
{
    public const int TimelinePageSize = 50;

    /// <summary>The lead, or null when it does not exist in the current organization.</summary>
    public async Task<LeadDetail?> GetAsync(int leadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking().Include(l => l.Campaign).FirstOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null)
            return null;

        var campaign = lead.Campaign!;
        var followUps = await db.FollowUps.AsNoTracking()
            .Where(f => f.LeadId == leadId)
            .OrderByDescending(f => f.DueAt).ThenByDescending(f => f.Id)
            .ToListAsync(cancellationToken);
        var number = lead.Phone ?? lead.WhatsApp;
        var views = followUps.Select(f => new FollowUpView(f.Id, f.DueAt, f.Attempt, f.MaxAttempts, f.Channel, f.TriggerOutcome, f.State,
                f.CancelledAt, f.CancelledBy,
                FollowUpRuleText.Describe(campaign.FollowUpRules.FirstOrDefault(r => r.Outcome == f.TriggerOutcome), f.TriggerOutcome))
            {
                WaitsUntil = f.State == FollowUpState.Scheduled && Campaigns.CallingWindow.NextOpening(campaign, number, f.DueAt) is var opens && opens > f.DueAt
                    ? opens : null,
            })
            .ToList();
        var next = views.Where(f => f.State == FollowUpState.Scheduled).MinBy(f => f.DueAt);

        return new LeadDetail(lead.Id, lead.Name, lead.Phone, lead.WhatsApp, lead.Email, lead.Status, campaign.Id, campaign.Name,
            campaign.Fields, lead.Fields, lead.CreatedAt, lead.LastActivityAt, PhoneNumberRules.RegionOf(number),
            Campaigns.CallingWindow.ZoneIdOf(campaign, number), next, views.Where(f => f != next).ToList());
    }

    /// <summary>The lead's timeline, newest first (ties broken by id), a page at a time from <paramref name="before"/>.</summary>
    public async Task<TimelinePage> TimelineAsync(int leadId, TimelineCursor? before = null, int take = TimelinePageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var activities = db.Activities.Where(a => a.LeadId == leadId);
        if (before is not null)
            activities = activities.Where(a => a.OccurredAt < before.OccurredAt || (a.OccurredAt == before.OccurredAt && a.Id < before.Id));
        var entries = await activities
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Take(take + 1)
            .Select(a => new TimelineEntry(a.Id, a.Kind, a.OccurredAt, a.Direction, a.Channel, a.CallOutcome, a.DeliveryState, a.DurationSeconds,
                a.Summary, a.Body, a.Attempt, a.MaxAttempts, a.StatusFrom, a.StatusTo, a.Actor,
                db.Notes.Where(n => n.Id == a.NoteId).Select(n => n.Text).FirstOrDefault(),
                a.Transcript != null, a.RecordingUrl != null))
            .ToListAsync(cancellationToken);
        if (entries.Count <= take)
            return new TimelinePage(entries, null);
        var page = entries[..take];
        return new TimelinePage(page, new TimelineCursor(page[^1].OccurredAt, page[^1].Id));
    }

    /// <summary>A call of the lead, or null when the activity is not one of its calls.</summary>
    public async Task<CallDetail?> CallAsync(int leadId, long activityId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var call = await db.Activities.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == activityId && a.LeadId == leadId && a.Kind == ActivityKind.Call, cancellationToken);
        return call is null ? null : new CallDetail(call.Id, call.LeadId, call.OccurredAt, call.Direction, call.CallOutcome, call.DurationSeconds,
            call.Summary, call.Transcript ?? [], call.RecordingUrl, call.Extracted ?? [], call.Attempt, call.MaxAttempts);
    }
}
