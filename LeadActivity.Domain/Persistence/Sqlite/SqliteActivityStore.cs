using System.Text.Json;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Microsoft.Data.Sqlite;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// The SQLite SQL behind <see cref="ActivityRecorder"/>, prepared once per connection: set-based look-ups of what a group of
/// activities names (its external ids, campaigns, leads and their open follow-ups, a query each) and row-at-a-time
/// writes. Through EF the same work cost about 3 ms per activity (change tracking, a round of statements per save);
/// here it is tens of microseconds. No query filter reaches raw SQL, so every statement names the organization
/// itself. Columns are written in EF's forms: ticks, enum names, <see cref="JsonColumn"/> JSON.
/// </summary>
internal sealed class SqliteActivityStore : IActivityStore
{
    private const string LeadColumns = LeadStoreRow.Columns;

    private readonly RawStatement _knownExternalIds;
    private readonly RawStatement _campaigns;
    private readonly RawStatement _leadsById;
    private readonly RawStatement _leadsByPhone;
    private readonly RawStatement _leadsByWhatsApp;
    private readonly RawStatement _openFollowUps;
    private readonly ActivityRows _rows;
    private readonly RawStatement _updateLead;
    private readonly RawStatement _updateFollowUp;

    private readonly CampaignRulesCache _parsed = new();

    private readonly bool _ownsConnection;

    /// <param name="ownsConnection">Whether disposing the store closes the connection (a recording's own), or the caller keeps it (the group commit's writer).</param>
    public SqliteActivityStore(SqliteConnection connection, bool ownsConnection = false)
    {
        Connection = connection;
        _ownsConnection = ownsConnection;
        // Lists are bound as one JSON array each and read with json_each: one prepared statement serves any size.
        _knownExternalIds = new(connection, """
            SELECT "ExternalId", "Id" FROM "Activities"
            WHERE "OrganizationId" = ?1 AND "ExternalId" IN (SELECT value FROM json_each(?2))
            """);
        _campaigns = new(connection, """
            SELECT "Id", "Name", "TimeZone", "CallingHours", "FollowUpRules" FROM "Campaigns"
            WHERE "OrganizationId" = ?1 AND "Id" IN (SELECT value FROM json_each(?2))
            """);
        _leadsById = new(connection, $"""
            SELECT {LeadColumns} FROM "Leads" AS l
            WHERE l."OrganizationId" = ?1 AND l."Id" IN (SELECT value FROM json_each(?2))
            """);
        // Each (campaign, number) pair is one seek on the (CampaignId, Phone) index: CROSS JOIN makes the list the outer
        // loop. Two IN lists would seek every campaign with every number, ten times the work for ten campaigns; and the
        // unary + keeps the organization out of the index choice, where it would walk all of a campaign's leads.
        _leadsByPhone = new(connection, $"""
            SELECT {LeadColumns} FROM json_each(?2) AS j CROSS JOIN "Leads" AS l
            WHERE l."CampaignId" = j.value ->> 0 AND l."Phone" = j.value ->> 1 AND +l."OrganizationId" = ?1
            """);
        _leadsByWhatsApp = new(connection, $"""
            SELECT {LeadColumns} FROM json_each(?2) AS j CROSS JOIN "Leads" AS l
            WHERE l."CampaignId" = j.value ->> 0 AND l."WhatsApp" = j.value ->> 1 AND +l."OrganizationId" = ?1
            """);
        _openFollowUps = new(connection, $"""
            SELECT {FollowUpStoreRow.Columns}
            FROM "FollowUps"
            WHERE "OrganizationId" = ?1 AND "LeadId" IN (SELECT value FROM json_each(?2)) AND "State" IN ('Scheduled', 'Dispatched')
            """);
        _rows = new ActivityRows(connection);
        // Only columns outside the search index: the FTS update trigger fires on Name, Email, Fields and phones only.
        _updateLead = new(connection, """
            UPDATE "Leads" SET "Status" = ?1, "LastActivityAt" = ?2, "NextFollowUpAt" = ?3, "UpdatedAt" = ?4, "LastCallOutcome" = ?7
            WHERE "Id" = ?5 AND "OrganizationId" = ?6
            """);
        _updateFollowUp = new(connection, """
            UPDATE "FollowUps" SET "State" = ?1, "CancelledAt" = ?2, "CancelledBy" = ?3
            WHERE "Id" = ?4 AND "OrganizationId" = ?5
            """);
    }

    public SqliteConnection Connection { get; }

    // BEGIN IMMEDIATE: the external ids are checked under the write lock, so a concurrent writer cannot store the same
    // one in between; and one writer at a time commits, so ids become visible in id order.
    Task<IActivityTransaction> IActivityStore.BeginAsync(int organizationId, int newActivities, CancellationToken cancellationToken) =>
        Task.FromResult<IActivityTransaction>(new Transaction(Connection.BeginTransaction()));

    // The look-ups are synchronous on SQLite (a local file, no I/O wait worth a thread hop): the interface's ValueTasks
    // complete at once.
    ValueTask<Dictionary<string, long>> IActivityStore.KnownExternalIdsAsync(int organizationId, IReadOnlyCollection<string> externalIds) =>
        new(KnownExternalIds(organizationId, externalIds));

    ValueTask<Dictionary<int, Campaign>> IActivityStore.CampaignsAsync(int organizationId, IReadOnlyCollection<int> ids) => new(Campaigns(organizationId, ids));

    ValueTask<List<Lead>> IActivityStore.LeadsByIdAsync(int organizationId, IReadOnlyCollection<int> ids) => new(LeadsById(organizationId, ids));

    ValueTask<List<Lead>> IActivityStore.LeadsByPhoneAsync(int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> phones) =>
        new(LeadsByPhone(organizationId, phones));

    ValueTask<List<Lead>> IActivityStore.LeadsByWhatsAppAsync(int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> numbers) =>
        new(LeadsByWhatsApp(organizationId, numbers));

    ValueTask<List<FollowUp>> IActivityStore.OpenFollowUpsAsync(int organizationId, IReadOnlyCollection<int> leadIds) => new(OpenFollowUps(organizationId, leadIds));

    void IActivityStore.Insert(FollowUp f) => Insert(f);

    /// <summary>The ids of the organization's activities that carry these external ids.</summary>
    public Dictionary<string, long> KnownExternalIds(int organizationId, IReadOnlyCollection<string> externalIds)
    {
        var known = new Dictionary<string, long>();
        if (externalIds.Count == 0)
            return known;
        _knownExternalIds.Bind(1, organizationId);
        _knownExternalIds.Bind(2, JsonSerializer.Serialize(externalIds));
        _knownExternalIds.Query(row => known[row.Text(0)!] = row.Int64(1));
        return known;
    }

    /// <summary>The organization's campaigns among these ids, with what the rules need: name, zone, hours, follow-up rules.</summary>
    public Dictionary<int, Campaign> Campaigns(int organizationId, IReadOnlyCollection<int> ids)
    {
        var campaigns = new Dictionary<int, Campaign>();
        if (ids.Count == 0)
            return campaigns;
        _campaigns.Bind(1, organizationId);
        _campaigns.Bind(2, JsonSerializer.Serialize(ids));
        _campaigns.Query(row =>
        {
            var id = (int)row.Int64(0);
            campaigns[id] = _parsed.Campaign(id, organizationId, row.Text(1)!, row.Text(2)!, row.Text(3)!, row.Text(4)!);
        });
        return campaigns;
    }

    public List<Lead> LeadsById(int organizationId, IReadOnlyCollection<int> ids) =>
        ids.Count == 0 ? [] : Leads(_leadsById, organizationId, JsonSerializer.Serialize(ids));

    /// <summary>The organization's leads with these phone numbers (E.164), each in its campaign.</summary>
    public List<Lead> LeadsByPhone(int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> phones) =>
        phones.Count == 0 ? [] : Leads(_leadsByPhone, organizationId, PairsJson(phones));

    /// <summary>The organization's leads with these WhatsApp numbers (E.164), each in its campaign.</summary>
    public List<Lead> LeadsByWhatsApp(int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> numbers) =>
        numbers.Count == 0 ? [] : Leads(_leadsByWhatsApp, organizationId, PairsJson(numbers));

    /// <summary>The scheduled and dispatched follow-ups of these leads of the organization.</summary>
    public List<FollowUp> OpenFollowUps(int organizationId, IReadOnlyCollection<int> leadIds)
    {
        var open = new List<FollowUp>();
        if (leadIds.Count == 0)
            return open;
        _openFollowUps.Bind(1, organizationId);
        _openFollowUps.Bind(2, JsonSerializer.Serialize(leadIds));
        _openFollowUps.Query(row => open.Add(FollowUpStoreRow.Read(row, organizationId)));
        return open;
    }

    /// <summary>Inserts the activity (its JSON columns already serialized) and sets its <see cref="Activity.Id"/>.</summary>
    public long Insert(Activity a, string? transcriptJson, string? extractedJson) => _rows.Insert(a, transcriptJson, extractedJson);

    /// <summary>Inserts the follow-up and sets its <see cref="FollowUp.Id"/>.</summary>
    public long Insert(FollowUp f) => _rows.Insert(f);

    /// <summary>Writes what recording an activity changes on a lead: status, last activity, next follow-up.</summary>
    public void Update(Lead lead)
    {
        var s = _updateLead;
        s.Bind(1, lead.Status.ToString());
        s.Bind(2, UtcTicksConverter.ToTicks(lead.LastActivityAt));
        s.Bind(3, UtcTicksConverter.ToTicks(lead.NextFollowUpAt));
        s.Bind(4, UtcTicksConverter.ToTicks(lead.UpdatedAt));
        s.Bind(5, lead.Id);
        s.Bind(6, lead.OrganizationId);
        s.Bind(7, lead.LastCallOutcome?.ToString());
        s.Run();
    }

    /// <summary>Writes a follow-up's new state (done or cancelled, and by whom).</summary>
    public void Update(FollowUp f)
    {
        var s = _updateFollowUp;
        s.Bind(1, f.State.ToString());
        s.Bind(2, UtcTicksConverter.ToTicks(f.CancelledAt));
        s.Bind(3, f.CancelledBy);
        s.Bind(4, f.Id);
        s.Bind(5, f.OrganizationId);
        s.Run();
    }

    private static string PairsJson(IEnumerable<(int CampaignId, string Number)> pairs) =>
        JsonSerializer.Serialize(pairs.Select(p => new object[] { p.CampaignId, p.Number }));

    private static List<Lead> Leads(RawStatement statement, int organizationId, string list)
    {
        var leads = new List<Lead>();
        statement.Bind(1, organizationId);
        statement.Bind(2, list);
        statement.Query(row => leads.Add(LeadStoreRow.Read(row, organizationId)));
        return leads;
    }

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    public void Dispose()
    {
        foreach (var statement in new[] { _knownExternalIds, _campaigns, _leadsById, _leadsByPhone, _leadsByWhatsApp, _openFollowUps,
                     _updateLead, _updateFollowUp })
            statement.Dispose();
        _rows.Dispose();
        if (_ownsConnection)
            Connection.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Transaction(SqliteTransaction transaction) : IActivityTransaction
    {
        public Task CommitAsync()
        {
            transaction.Commit();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            transaction.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
