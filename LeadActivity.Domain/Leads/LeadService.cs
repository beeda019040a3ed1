using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Leads;

/// <summary>Changes people make to a lead: its status and its custom field values.</summary>
public sealed class LeadService(IDbContextFactory<LeadActivityDbContext> dbFactory, ICurrentUser user, TimeProvider clock, ActivityStream stream)
{
    /// <summary>
    /// Sets the lead's status and records "status changed from X to Y by user" on its timeline. A final status
    /// (qualified, not interested, do not call) cancels the retries still scheduled. False when there is no such lead.
    /// </summary>
    public Task<bool> ChangeStatusAsync(int leadId, LeadStatus status, CancellationToken cancellationToken = default) =>
        ActivityRecorder.RecordChangeAsync(dbFactory, stream, async (db, ct) =>
        {
            var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == leadId, ct);
            if (lead is null)
                return ActivityChange<bool>.Nothing(false);
            if (lead.Status == status)
                return ActivityChange<bool>.Nothing(true);

            var now = clock.GetUtcNow().UtcDateTime;
            var change = new Activity
            {
                LeadId = lead.Id,
                CampaignId = lead.CampaignId,
                Kind = ActivityKind.StatusChange,
                OccurredAt = now,
                StatusFrom = lead.Status,
                StatusTo = status,
                Actor = user.Name,
            };
            db.Activities.Add(change);
            lead.Status = status;
            lead.UpdatedAt = now;
            // The same rules as for the agent's reports: a final status cancels the scheduled retries.
            var pending = await FollowUpRules.LoadPendingAsync(db, [lead.Id], ct);
            FollowUpRules.AfterStatus(pending, lead, now, user.Name);
            FollowUpRules.RefreshNext(pending, lead);
            return new ActivityChange<bool>(true, [change]);
        }, cancellationToken);

    /// <summary>
    /// Validates every value against its field's type and saves them all, or none; a refusal's errors are by field key.
    /// </summary>
    public async Task<ChangeResult> UpdateFieldsAsync(int leadId, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.Include(l => l.Campaign).FirstOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null)
            return ChangeResult.NotFound("The lead no longer exists.");

        var errors = new Dictionary<string, string>();
        var fields = new Dictionary<string, string>(lead.Fields);
        foreach (var definition in lead.Campaign!.Fields)
        {
            if (!values.TryGetValue(definition.Key, out var raw))
                raw = fields.GetValueOrDefault(definition.Key);
            var check = CustomFieldValues.Check(definition, raw);
            if (!check.IsValid)
                errors[definition.Key] = check.Error!;
            else if (check.Value is null)
                fields.Remove(definition.Key);
            else
                fields[definition.Key] = check.Value;
        }
        if (errors.Count > 0)
            return ChangeResult.Invalid(errors);

        lead.Fields = fields;
        lead.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return ChangeResult.Done;
    }
}
