using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.FollowUps;

/// <summary>
/// A campaign's follow-up rules applied to a lead after a call: the next retry is scheduled after the rule's delay,
/// at the first moment inside the calling hours in the lead's local time, until the rule's attempts are used up.
/// Works on a batch's <see cref="PendingFollowUps"/> so a batch sees its own changes; the caller stores them (EF's
/// change tracker for a person's edit, <see cref="ActivityStore"/> for the agent's reports).
/// </summary>
internal static class FollowUpRules
{
    /// <summary>The open (scheduled or dispatched) follow-ups of the given leads, tracked, in one query.</summary>
    public static async Task<PendingFollowUps> LoadPendingAsync(LeadActivityDbContext db, IReadOnlyCollection<int> leadIds, CancellationToken cancellationToken)
    {
        var open = leadIds.Count == 0 ? [] : await db.FollowUps
            .Where(f => leadIds.Contains(f.LeadId) && (f.State == FollowUpState.Scheduled || f.State == FollowUpState.Dispatched))
            .ToListAsync(cancellationToken);
        var pending = new PendingFollowUps();
        foreach (var id in leadIds)
            pending[id] = open.Where(f => f.LeadId == id).ToList();
        return pending;
    }

    /// <summary>
    /// After an outbound message: a WhatsApp retry the dispatcher handed out is made by it. Rules follow call
    /// outcomes only, so a message schedules nothing.
    /// </summary>
    public static void AfterMessage(PendingFollowUps batch, Lead lead, Activity message)
    {
        if (message.Direction != Direction.Outbound)
            return;
        Fulfil(batch, lead, message, Channel.WhatsApp);
    }

    /// <summary>
    /// After a call: fulfils the dispatched attempt, replaces pending retries with the rule's next one. The new retry
    /// joins <paramref name="batch"/> with no id; the caller stores it.
    /// </summary>
    public static void AfterCall(PendingFollowUps batch, Campaign campaign, Lead lead, Activity call, DateTime now)
    {
        Fulfil(batch, lead, call, Channel.Phone);
        Cancel(Pending(batch, lead.Id).Where(f => f.State == FollowUpState.Scheduled), now, "superseded by a newer call");

        var outcome = call.CallOutcome!.Value;
        var rule = campaign.FollowUpRules.FirstOrDefault(r => r.Outcome == outcome);
        var attempt = call.Attempt ?? 1;
        if (outcome == CallOutcome.Answered || lead.Status.IsFinal() || rule is null || attempt >= rule.MaxAttempts)
            return;

        call.MaxAttempts ??= rule.MaxAttempts;
        var retry = new FollowUp
        {
            OrganizationId = lead.OrganizationId,
            LeadId = lead.Id,
            CampaignId = campaign.Id,
            DueAt = InCallingHours(call.OccurredAt + rule.Delay, campaign, lead),
            Attempt = attempt + 1,
            MaxAttempts = rule.MaxAttempts,
            Channel = rule.Channel,
            TriggerOutcome = outcome,
            State = FollowUpState.Scheduled,
            CreatedAt = now,
        };
        if (!batch.TryGetValue(lead.Id, out var open))
            batch[lead.Id] = open = [];
        open.Add(retry);
    }

    /// <summary>A final status ends the retries; <paramref name="actor"/> is who set it, when a person did.</summary>
    public static void AfterStatus(PendingFollowUps batch, Lead lead, DateTime now, string? actor = null)
    {
        if (lead.Status.IsFinal())
        {
            var reason = $"status {lead.Status.Label()}";
            Cancel(Pending(batch, lead.Id).Where(f => f.State == FollowUpState.Scheduled), now, actor is null ? reason : $"{actor} ({reason})");
        }
    }

    public static void RefreshNext(PendingFollowUps batch, Lead lead) =>
        lead.NextFollowUpAt = Pending(batch, lead.Id).Where(f => f.State == FollowUpState.Scheduled).Select(f => (DateTime?)f.DueAt).Min();

    /// <summary>The first moment at or after <paramref name="dueUtc"/> inside the campaign's hours, in the lead's time zone.</summary>
    public static DateTime InCallingHours(DateTime dueUtc, Campaign campaign, Lead lead) =>
        CallingWindow.NextOpening(campaign, lead.Phone ?? lead.WhatsApp, dueUtc);

    /// <summary>The dispatched attempt on this channel is the one the activity made.</summary>
    private static void Fulfil(PendingFollowUps batch, Lead lead, Activity activity, Channel channel)
    {
        var dispatched = Pending(batch, lead.Id).Where(f => f.State == FollowUpState.Dispatched && f.Channel == channel).MinBy(f => f.DueAt);
        if (dispatched is null)
            return;
        dispatched.State = FollowUpState.Done;
        activity.Attempt ??= dispatched.Attempt;
        activity.MaxAttempts ??= dispatched.MaxAttempts;
    }

    private static IEnumerable<FollowUp> Pending(PendingFollowUps batch, int leadId) =>
        batch.TryGetValue(leadId, out var list) ? list.Where(f => f.State is FollowUpState.Scheduled or FollowUpState.Dispatched) : [];

    private static void Cancel(IEnumerable<FollowUp> followUps, DateTime now, string reason)
    {
        foreach (var f in followUps.ToList())
        {
            f.State = FollowUpState.Cancelled;
            f.CancelledAt = now;
            f.CancelledBy = reason;
        }
    }
}

/// <summary>The open follow-ups of the leads a batch touches, by lead id, including the ones it schedules.</summary>
internal sealed class PendingFollowUps : Dictionary<int, List<FollowUp>>;
