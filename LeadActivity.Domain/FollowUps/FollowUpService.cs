using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.FollowUps;

/// <summary>Cancels scheduled retries on behalf of a person.</summary>
public sealed class FollowUpService(IDbContextFactory<LeadActivityDbContext> dbFactory, ICurrentUser user, TimeProvider clock, ActivityStream stream)
{
    /// <summary>
    /// Cancels a scheduled follow-up and records it on the lead's timeline. Idempotent: a second cancel changes nothing.
    /// One that the dispatcher already took cannot be cancelled. Either is refused as a conflict, with what happened.
    /// </summary>
    public Task<ChangeResult> CancelAsync(long followUpId, CancellationToken cancellationToken = default) =>
        ActivityRecorder.RecordChangeAsync(dbFactory, stream, async (db, ct) =>
        {
            var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == followUpId, ct);
            if (followUp is null)
                return ActivityChange<ChangeResult>.Nothing(ChangeResult.NotFound("This follow-up no longer exists"));

            var now = clock.GetUtcNow().UtcDateTime;
            // Conditional on the state, so a dispatcher taking it at the same moment wins or loses cleanly.
            var cancelled = await db.FollowUps
                .Where(f => f.Id == followUpId && f.State == FollowUpState.Scheduled)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(f => f.State, FollowUpState.Cancelled)
                    .SetProperty(f => f.CancelledAt, now)
                    .SetProperty(f => f.CancelledBy, user.Name), ct);
            if (cancelled == 0)
            {
                return ActivityChange<ChangeResult>.Nothing(ChangeResult.Conflict(followUp.State == FollowUpState.Cancelled
                    ? "It was already cancelled" : "Too late: the agent has already started this attempt"));
            }

            var entry = new Activity
            {
                LeadId = followUp.LeadId,
                CampaignId = followUp.CampaignId,
                Kind = ActivityKind.FollowUpCancelled,
                OccurredAt = now,
                Channel = followUp.Channel,
                Attempt = followUp.Attempt,
                MaxAttempts = followUp.MaxAttempts,
                Actor = user.Name,
                FollowUpId = followUp.Id,
            };
            db.Activities.Add(entry);
            await db.SaveChangesAsync(ct);
            await RefreshNextFollowUpAsync(db, followUp.LeadId, ct);
            return new ActivityChange<ChangeResult>(ChangeResult.Done, [entry]);
        }, cancellationToken);

    /// <summary>Sets the lead's next follow-up time to its earliest scheduled one.</summary>
    internal static async Task RefreshNextFollowUpAsync(LeadActivityDbContext db, int leadId, CancellationToken cancellationToken)
    {
        var next = await db.FollowUps
            .Where(f => f.LeadId == leadId && f.State == FollowUpState.Scheduled)
            .OrderBy(f => f.DueAt)
            .Select(f => (DateTime?)f.DueAt)
            .FirstOrDefaultAsync(cancellationToken);
        await db.Leads.Where(l => l.Id == leadId).ExecuteUpdateAsync(s => s.SetProperty(l => l.NextFollowUpAt, next), cancellationToken);
    }
}
