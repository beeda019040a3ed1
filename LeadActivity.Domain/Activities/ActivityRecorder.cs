using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Activities;

public enum RecordStatus { Created, Duplicate, Invalid, NotFound }

/// <summary>What happened to one reported activity: its id (also for a duplicate), or the errors by field.</summary>
/// <summary>What a person's change returns to <see cref="ActivityRecorder.RecordChangeAsync{T}"/>: its result, and the activities it recorded.</summary>
public sealed record ActivityChange<T>(T Value, IReadOnlyList<Activity> Recorded)
{
    public static ActivityChange<T> Nothing(T value) => new(value, []);
}

public sealed record RecordResult(RecordStatus Status, long? Id, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Duplicate => Status == RecordStatus.Duplicate;
}

/// <summary>
/// The one path by which the agent's calls and messages enter the system. In one transaction it stores each
/// activity (once per external id), updates the lead (status, last activity; new becomes contacted) and applies the
/// campaign's follow-up rules; only after the commit are the events published to the <see cref="ActivityStream"/>.
/// </summary>
public sealed class ActivityRecorder(LeadActivityDatabase database, IOrganizationScope scope, ActivityStream stream, TimeProvider clock)
{
    public const int MaxBatch = ActivityLimits.BatchSize;

    public async Task<IReadOnlyList<RecordResult>> RecordAsync(IReadOnlyList<ActivityInput> inputs, CancellationToken cancellationToken = default)
    {
        var organizationId = scope.OrganizationId;
        if (organizationId == 0)
            throw new InvalidOperationException("Activities cannot be recorded without an organization in scope.");
        var reported = ReportedActivity.Read(inputs, clock.GetUtcNow().UtcDateTime);
        if (reported.Any(r => r.Result is null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var store = await OpenStoreAsync(database, cancellationToken);
            await RecordAsync(store, organizationId, reported, clock.GetUtcNow().UtcDateTime, stream, cancellationToken);
        }
        return reported.Select(r => r.Result!).ToList();
    }

    /// <summary>A store of its own for one recording, on a connection from the pool, closed with it.</summary>
    internal static Task<IActivityStore> OpenStoreAsync(LeadActivityDatabase database, CancellationToken cancellationToken) =>
        database.Stores.Activities.OpenAsync(cancellationToken);

    /// <summary>
    /// Records the valid ones of <paramref name="group"/> in one transaction on the store's connection, setting each
    /// one's result, and publishes their events after the commit (still inside the store's order for the organization,
    /// see <see cref="IActivityStore.BeginAsync"/>).
    /// </summary>
    internal static async Task RecordAsync(IActivityStore store, int organizationId, IReadOnlyList<ReportedActivity> group, DateTime now, ActivityStream stream,
        CancellationToken cancellationToken = default)
    {
        // At most one row per valid activity, plus a status change for each that reports a status.
        var newActivities = group.Count(r => r.Result is null) + group.Count(r => r.Result is null && r.ReportedStatus is not null);
        await using var transaction = await store.BeginAsync(organizationId, newActivities, cancellationToken);
        var events = await WriteAsync(store, organizationId, group, now);
        await stream.CommitAndPublishAsync(organizationId, transaction.CommitAsync, () => events);
    }

    /// <summary>
    /// Looks up, in a few set-based queries, everything the group names (external ids already stored, campaigns, leads
    /// by id, phone or WhatsApp, their open follow-ups), applies the rules in memory, and writes each activity as it
    /// is decided and each changed lead and follow-up once at the end. Returns the events to publish, in id order.
    /// </summary>
    private static async Task<List<ActivityEvent>> WriteAsync(IActivityStore store, int organizationId, IReadOnlyList<ReportedActivity> group, DateTime now)
    {
        var valid = group.Where(r => r.Result is null).ToList();
        var known = await store.KnownExternalIdsAsync(organizationId, valid.Select(r => r.ExternalId).Distinct().ToList());
        var campaigns = await store.CampaignsAsync(organizationId, valid.Select(r => r.CampaignId).Distinct().ToList());
        var leads = await BatchLeads.LoadAsync(store, organizationId, valid);
        var pending = new PendingFollowUps();
        foreach (var lead in leads.All)
            pending[lead.Id] = [];
        var loaded = await store.OpenFollowUpsAsync(organizationId, pending.Keys);
        foreach (var followUp in loaded)
            pending[followUp.LeadId].Add(followUp);
        var loadedStates = loaded.ToDictionary(f => f.Id, f => f.State);

        var events = new List<ActivityEvent>();
        var changedLeads = new HashSet<Lead>();
        var firstOfGroup = new Dictionary<string, long>();
        foreach (var reported in valid)
        {
            if (known.TryGetValue(reported.ExternalId, out var existingId) || firstOfGroup.TryGetValue(reported.ExternalId, out existingId))
            {
                reported.Result = new RecordResult(RecordStatus.Duplicate, existingId);
                continue;
            }
            if (!campaigns.TryGetValue(reported.CampaignId, out var campaign))
            {
                reported.Result = NotFound("campaignId", $"there is no campaign {reported.CampaignId} in this organization");
                continue;
            }
            var lead = leads.Find(campaign.Id, reported);
            if (lead is null)
            {
                reported.Result = NotFound("lead", $"campaign {campaign.Id} has no lead {Describe(reported.Input)}");
                continue;
            }

            var activity = reported.Activity;
            activity.OrganizationId = organizationId;
            activity.LeadId = lead.Id;
            activity.Lead = lead;
            var wasNew = lead.Status == LeadStatus.New;
            var statusChange = Apply(pending, campaign, lead, activity, reported.ReportedStatus, now, out var leadChanged);
            if (leadChanged)
                changedLeads.Add(lead);
            store.Insert(activity, reported.TranscriptJson, reported.ExtractedJson);
            firstOfGroup[reported.ExternalId] = activity.Id;
            reported.Result = new RecordResult(RecordStatus.Created, activity.Id);
            // A first contact moves a new lead to Contacted without a status-change entry: the event says so, so that
            // the campaign's figures can count it (CampaignFigures) without reading the lead.
            events.Add(ActivityEvent.From(activity, lead.Name, campaign.Name) with { FirstContact = wasNew && statusChange is null && lead.Status != LeadStatus.New });
            if (statusChange is not null)
            {
                store.Insert(statusChange, null, null);
                events.Add(ActivityEvent.From(statusChange, lead.Name, campaign.Name));
            }
        }

        foreach (var lead in changedLeads)
            store.Update(lead);
        foreach (var followUp in pending.Values.SelectMany(f => f))
        {
            if (followUp.Id == 0)
                store.Insert(followUp);
            else if (loadedStates[followUp.Id] != followUp.State)
                store.Update(followUp);
        }
        return events;
    }

    /// <summary>
    /// Updates the lead for a new activity and applies the follow-up rules. Returns the status-change entry when the
    /// agent set a new status; <paramref name="leadChanged"/> says whether the lead is to be written.
    /// </summary>
    private static Activity? Apply(PendingFollowUps pending, Campaign campaign, Lead lead, Activity activity, LeadStatus? reported, DateTime now,
        out bool leadChanged)
    {
        // An activity reported late (older than what the lead already shows) is kept for the timeline, but what
        // happened since decides the lead's status and its retries.
        leadChanged = !(lead.LastActivityAt is { } last && activity.OccurredAt < last);
        if (!leadChanged)
            return null;
        lead.LastActivityAt = activity.OccurredAt;
        lead.UpdatedAt = now;
        if (activity.Kind == ActivityKind.Call)
            lead.LastCallOutcome = activity.CallOutcome;

        Activity? statusChange = null;
        var status = reported ?? (lead.Status == LeadStatus.New ? LeadStatus.Contacted : lead.Status);
        if (reported is { } to && to != lead.Status)
        {
            statusChange = new Activity
            {
                OrganizationId = lead.OrganizationId,
                Lead = lead,
                LeadId = lead.Id,
                CampaignId = lead.CampaignId,
                Kind = ActivityKind.StatusChange,
                OccurredAt = activity.OccurredAt,
                StatusFrom = lead.Status,
                StatusTo = to,
                Actor = "AI agent",
            };
        }
        lead.Status = status;

        if (activity.Kind == ActivityKind.Call)
            FollowUpRules.AfterCall(pending, campaign, lead, activity, now);
        else
            FollowUpRules.AfterMessage(pending, lead, activity);
        FollowUpRules.AfterStatus(pending, lead, now);
        FollowUpRules.RefreshNext(pending, lead);
        return statusChange;
    }

    /// <summary>The leads a group names, found by what each activity names them by, within its campaign.</summary>
    private sealed class BatchLeads
    {
        private readonly Dictionary<int, Lead> _byId;
        private readonly Dictionary<(int, string), Lead> _byPhone;
        private readonly Dictionary<(int, string), Lead> _byWhatsApp;

        private BatchLeads(IReadOnlyList<Lead> leads)
        {
            _byId = leads.DistinctBy(l => l.Id).ToDictionary(l => l.Id);
            _byPhone = _byId.Values.Where(l => l.Phone != null).DistinctBy(l => (l.CampaignId, l.Phone!)).ToDictionary(l => (l.CampaignId, l.Phone!));
            _byWhatsApp = _byId.Values.Where(l => l.WhatsApp != null).DistinctBy(l => (l.CampaignId, l.WhatsApp!)).ToDictionary(l => (l.CampaignId, l.WhatsApp!));
        }

        public IEnumerable<Lead> All => _byId.Values;

        /// <summary>One query per way of naming a lead: a group of 500 costs three queries, not five hundred.</summary>
        public static async Task<BatchLeads> LoadAsync(IActivityStore store, int organizationId, IReadOnlyList<ReportedActivity> group)
        {
            var leads = await store.LeadsByIdAsync(organizationId, group.Where(r => r.Input.LeadId is not null).Select(r => r.Input.LeadId!.Value).Distinct().ToList());
            leads.AddRange(await store.LeadsByPhoneAsync(organizationId,
                group.Where(r => r.LeadPhone is not null).Select(r => (r.CampaignId, r.LeadPhone!)).Distinct().ToList()));
            leads.AddRange(await store.LeadsByWhatsAppAsync(organizationId,
                group.Where(r => r.LeadWhatsApp is not null).Select(r => (r.CampaignId, r.LeadWhatsApp!)).Distinct().ToList()));
            return new BatchLeads(leads);
        }

        public Lead? Find(int campaignId, ReportedActivity reported)
        {
            if (reported.Input.LeadId is { } id)
                return _byId.TryGetValue(id, out var lead) && lead.CampaignId == campaignId ? lead : null;
            if (reported.LeadPhone is { } phone)
                return _byPhone.GetValueOrDefault((campaignId, phone));
            return reported.LeadWhatsApp is { } whatsApp ? _byWhatsApp.GetValueOrDefault((campaignId, whatsApp)) : null;
        }
    }

    /// <summary>
    /// The one path by which people's actions (a status change, a note, a cancelled follow-up) record activities, with
    /// the same ordering protocol as the agent's reports: the organization's order is held from before an activity
    /// gets its id until its event is published (see <see cref="ActivityOrder"/>), <paramref name="change"/> runs in
    /// one transaction, and the events of the activities it returns are published only after the commit. A change
    /// that returns no activity is rolled back and publishes nothing.
    /// </summary>
    public static async Task<T> RecordChangeAsync<T>(IDbContextFactory<LeadActivityDbContext> dbFactory, ActivityStream stream,
        Func<LeadActivityDbContext, CancellationToken, Task<ActivityChange<T>>> change, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var order = await ActivityOrder.HoldAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (value, recorded) = await change(db, cancellationToken);
        if (recorded.Count == 0)
            return value;
        await db.SaveChangesAsync(cancellationToken);
        var events = new List<Func<ActivityEvent>>();
        foreach (var activity in recorded)
        {
            var names = await NamesAsync(db, activity.LeadId, cancellationToken);
            events.Add(() => ActivityEvent.From(activity, names.Lead, names.Campaign));
        }
        await stream.CommitAndPublishAsync(db.CurrentOrganizationId, () => transaction.CommitAsync(cancellationToken),
            () => [.. events.Select(e => e())]);
        return value;
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
