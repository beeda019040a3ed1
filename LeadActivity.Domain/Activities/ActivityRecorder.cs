using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Activities;

public enum RecordStatus { Created, Duplicate, Invalid, NotFound }

/// <summary>What happened to one reported activity: its id (also for a duplicate), or the errors by field.</summary>
public sealed record RecordResult(RecordStatus Status, long? Id, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Duplicate => Status == RecordStatus.Duplicate;
}

/// <summary>
/// The one path by which the agent's calls and messages enter the system. In one transaction it stores each
/// activity (once per external id), updates the lead (status, last activity; new becomes contacted) and applies the
/// campaign's follow-up rules; only after the commit are the events published to the <see cref="ActivityStream"/>.
/// </summary>
public sealed class ActivityRecorder(
    IDbContextFactory<LeadActivityDbContext> dbFactory,
    IOrganizationScope scope,
    ActivityStream stream,
    TimeProvider clock)
{
    public const int MaxBatch = 1_000;

    public async Task<IReadOnlyList<RecordResult>> RecordAsync(IReadOnlyList<ActivityInput> inputs, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var results = new RecordResult?[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var errors = inputs[i].Validate(now);
            if (errors.Count > 0)
                results[i] = new RecordResult(RecordStatus.Invalid, null, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var valid = Enumerable.Range(0, inputs.Count).Where(i => results[i] is null).ToList();
        var externalIds = valid.Select(i => inputs[i].ExternalId!).Distinct().ToList();
        var known = await db.Activities
            .Where(a => a.ExternalId != null && externalIds.Contains(a.ExternalId))
            .Select(a => new { a.ExternalId, a.Id })
            .ToDictionaryAsync(a => a.ExternalId!, a => a.Id, cancellationToken);
        var campaignIds = valid.Select(i => inputs[i].CampaignId!.Value).Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        // Only adds and edits of entities this batch loaded: changes are detected once, at the save.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var (leads, pending) = await LoadLeadsAsync(db, valid.Select(i => inputs[i]).ToList(), cancellationToken);
        var created = new List<(int Index, Activity Activity, Lead Lead, Campaign Campaign)>();
        var firstOfBatch = new Dictionary<string, Activity>();
        var duplicatesInBatch = new List<(int Index, string ExternalId)>();
        foreach (var i in valid)
        {
            var input = inputs[i];
            if (known.TryGetValue(input.ExternalId!, out var existingId))
            {
                results[i] = new RecordResult(RecordStatus.Duplicate, existingId);
                continue;
            }
            if (firstOfBatch.ContainsKey(input.ExternalId!))
            {
                duplicatesInBatch.Add((i, input.ExternalId!));
                continue;
            }
            if (!campaigns.TryGetValue(input.CampaignId!.Value, out var campaign))
            {
                results[i] = NotFound("campaignId", $"there is no campaign {input.CampaignId} in this organization");
                continue;
            }
            var lead = leads.Find(campaign.Id, input);
            if (lead is null)
            {
                results[i] = NotFound("lead", $"campaign {campaign.Id} has no lead {Describe(input)}");
                continue;
            }

            var activity = ToActivity(input, lead);
            db.Activities.Add(activity);
            firstOfBatch[input.ExternalId!] = activity;
            created.Add((i, activity, lead, campaign));
            var statusChange = Apply(db, pending, campaign, lead, activity, ActivityInput.ParseLeadStatus(input.LeadStatus), now);
            if (statusChange is not null)
                created.Add((-1, statusChange, lead, campaign));
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        await stream.CommitAndPublishAsync(scope.OrganizationId, () => transaction.CommitAsync(cancellationToken),
            () => created.Select(c => ActivityEvent.From(c.Activity, c.Lead.Name, c.Campaign.Name)).OrderBy(e => e.Id).ToList());

        foreach (var (index, activity, _, _) in created.Where(c => c.Index >= 0))
            results[index] = new RecordResult(RecordStatus.Created, activity.Id);
        foreach (var (index, externalId) in duplicatesInBatch)
            results[index] = new RecordResult(RecordStatus.Duplicate, firstOfBatch[externalId].Id);
        return results.Select(r => r!).ToList();
    }

    /// <summary>
    /// Updates the lead for a new activity and applies the follow-up rules. Returns the status-change entry when the
    /// agent set a new status.
    /// </summary>
    private static Activity? Apply(LeadActivityDbContext db, PendingFollowUps pending, Campaign campaign, Lead lead, Activity activity, LeadStatus? reported, DateTime now)
    {
        // An activity reported late (older than what the lead already shows) is kept for the timeline, but what
        // happened since decides the lead's status and its retries.
        if (lead.LastActivityAt is { } last && activity.OccurredAt < last)
            return null;
        lead.LastActivityAt = activity.OccurredAt;
        lead.UpdatedAt = now;

        Activity? statusChange = null;
        var status = reported ?? (lead.Status == LeadStatus.New ? LeadStatus.Contacted : lead.Status);
        if (reported is { } to && to != lead.Status)
        {
            statusChange = new Activity
            {
                Lead = lead,
                LeadId = lead.Id,
                CampaignId = lead.CampaignId,
                Kind = ActivityKind.StatusChange,
                OccurredAt = activity.OccurredAt,
                StatusFrom = lead.Status,
                StatusTo = to,
                Actor = "AI agent",
            };
            db.Activities.Add(statusChange);
        }
        lead.Status = status;

        if (activity.Kind == ActivityKind.Call)
            FollowUpRules.AfterCall(db, pending, campaign, lead, activity, now);
        else
            FollowUpRules.AfterMessage(pending, lead, activity);
        FollowUpRules.AfterStatus(pending, lead, now);
        FollowUpRules.RefreshNext(pending, lead);
        return statusChange;
    }

    /// <summary>
    /// Loads, in a few set-based queries, every lead the batch names (by id, phone or WhatsApp) and their open
    /// follow-ups: a batch of 500 costs four queries, not a thousand.
    /// </summary>
    private static async Task<(BatchLeads Leads, PendingFollowUps Pending)> LoadLeadsAsync(
        LeadActivityDbContext db, IReadOnlyList<ActivityInput> inputs, CancellationToken cancellationToken)
    {
        var ids = inputs.Where(i => i.LeadId is not null).Select(i => i.LeadId!.Value).Distinct().ToList();
        var phones = inputs.Where(i => i.LeadId is null).Select(i => PhoneNumberRules.Parse(i.LeadPhone).E164).OfType<string>().Distinct().ToList();
        var whatsApps = inputs.Where(i => i.LeadId is null && PhoneNumberRules.Parse(i.LeadPhone).E164 is null)
            .Select(i => PhoneNumberRules.Parse(i.LeadWhatsApp).E164).OfType<string>().Distinct().ToList();
        // Campaign and number together use the unique (CampaignId, Phone) index.
        var campaigns = inputs.Select(i => i.CampaignId!.Value).Distinct().ToList();
        var loaded = new List<Lead>();
        if (ids.Count > 0)
            loaded.AddRange(await db.Leads.Where(l => ids.Contains(l.Id)).ToListAsync(cancellationToken));
        if (phones.Count > 0)
            loaded.AddRange(await db.Leads.Where(l => campaigns.Contains(l.CampaignId) && phones.Contains(l.Phone!)).ToListAsync(cancellationToken));
        if (whatsApps.Count > 0)
            loaded.AddRange(await db.Leads.Where(l => campaigns.Contains(l.CampaignId) && whatsApps.Contains(l.WhatsApp!)).ToListAsync(cancellationToken));

        var leadIds = loaded.Select(l => l.Id).Distinct().ToList();
        return (new BatchLeads(loaded.DistinctBy(l => l.Id).ToList()), await FollowUpRules.LoadPendingAsync(db, leadIds, cancellationToken));
    }

    /// <summary>The leads a batch names, found by what each activity names them by, within its campaign.</summary>
    private sealed class BatchLeads(IReadOnlyList<Lead> leads)
    {
        private readonly Dictionary<int, Lead> _byId = leads.ToDictionary(l => l.Id);
        private readonly Dictionary<(int, string), Lead> _byPhone = leads.Where(l => l.Phone != null)
            .DistinctBy(l => (l.CampaignId, l.Phone!)).ToDictionary(l => (l.CampaignId, l.Phone!));
        private readonly Dictionary<(int, string), Lead> _byWhatsApp = leads.Where(l => l.WhatsApp != null)
            .DistinctBy(l => (l.CampaignId, l.WhatsApp!)).ToDictionary(l => (l.CampaignId, l.WhatsApp!));

        public Lead? Find(int campaignId, ActivityInput input)
        {
            if (input.LeadId is { } id)
                return _byId.TryGetValue(id, out var lead) && lead.CampaignId == campaignId ? lead : null;
            if (PhoneNumberRules.Parse(input.LeadPhone).E164 is { } phone)
                return _byPhone.GetValueOrDefault((campaignId, phone));
            return PhoneNumberRules.Parse(input.LeadWhatsApp).E164 is { } whatsApp ? _byWhatsApp.GetValueOrDefault((campaignId, whatsApp)) : null;
        }
    }

    private static Activity ToActivity(ActivityInput input, Lead lead)
    {
        var kind = ActivityInput.ParseKind(input.Type)!.Value;
        return new Activity
        {
            Lead = lead,
            LeadId = lead.Id,
            CampaignId = lead.CampaignId,
            Kind = kind,
            ExternalId = input.ExternalId,
            OccurredAt = input.OccurredAt!.Value.UtcDateTime,
            Direction = ActivityInput.ParseDirection(input.Direction) ?? Direction.Outbound,
            Channel = ActivityInput.ParseChannel(input.Channel) ?? (kind == ActivityKind.Call ? Channel.Phone : Channel.WhatsApp),
            CallOutcome = kind == ActivityKind.Call ? ActivityInput.ParseCallOutcome(input.Outcome) : null,
            DeliveryState = kind == ActivityKind.Message ? ActivityInput.ParseDeliveryState(input.Outcome) : null,
            DurationSeconds = input.DurationSeconds,
            Summary = input.Summary,
            Transcript = input.Transcript?.Select(t => new TranscriptTurn(t.Speaker!, t.Text!, t.OffsetSeconds!.Value)).ToList(),
            RecordingUrl = input.RecordingUrl,
            Extracted = input.Extracted,
            Body = input.Body,
        };
    }

    /// <summary>The lead's and its campaign's names, which the dashboard shows with an event.</summary>
    internal static async Task<(string Lead, string Campaign)> NamesAsync(LeadActivityDbContext db, int leadId, CancellationToken cancellationToken)
    {
        var names = await db.Leads.Where(l => l.Id == leadId).Select(l => new { l.Name, Campaign = l.Campaign!.Name }).FirstAsync(cancellationToken);
        return (names.Name, names.Campaign);
    }

    private static RecordResult NotFound(string field, string message) =>
        new(RecordStatus.NotFound, null, new Dictionary<string, string[]> { [field] = [message] });

    private static string Describe(ActivityInput input) =>
        input.LeadId is { } id ? $"with id {id}" : input.LeadPhone is { } phone ? $"with phone {phone}" : $"with WhatsApp {input.LeadWhatsApp}";
}
