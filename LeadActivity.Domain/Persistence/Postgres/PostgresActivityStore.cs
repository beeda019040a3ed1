using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Npgsql;
using NpgsqlTypes;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// The PostgreSQL SQL behind <see cref="ActivityRecorder"/>: the same set-based look-ups as <c>SqliteActivityStore</c>
/// (lists bound as arrays), and the writes queued in memory and sent at the commit as four set-based statements over
/// <c>unnest</c>ed arrays in one round trip, instead of a round trip per row. Activity ids are reserved up front from
/// the table's sequence, so the rules and the events know them before the rows are sent. Columns are written in EF's
/// forms: ticks, enum names, <see cref="JsonColumn"/> JSON.
/// </summary>
internal sealed class PostgresActivityStore(NpgsqlConnection connection) : IActivityStore
{
    private const string LeadColumns = LeadStoreRow.Columns;

    private readonly CampaignRulesCache _parsed = new();
    private readonly Queue<long> _reservedIds = new();
    private readonly ActivityRowSet _activities = new();
    private readonly FollowUpRowSet _newFollowUps = new();
    private readonly List<Lead> _changedLeads = [];
    private readonly List<FollowUp> _changedFollowUps = [];
    private int _organizationId;

    public async Task<IActivityTransaction> BeginAsync(int organizationId, int newActivities, CancellationToken cancellationToken)
    {
        // Dashboards catch up "after the last id they showed", which is only gap-free if, within an organization,
        // activities become visible in id order and their events are published in that order. PostgreSQL hands out
        // ids at insert time and commits in any order: two nodes (or two requests on one node) recording for the same
        // organization could commit id 11 before id 10, and a dashboard that showed 11 would never load 10. So each
        // organization's activity writes take this lock before their ids are drawn and hold it until their events are
        // published: a session lock rather than pg_advisory_xact_lock, because the transaction ends at the commit
        // while the order must also hold for the publish (through Redis, to the other nodes) that follows it.
        // Different organizations never wait for each other.
        await AdvisoryLocks.LockAsync(connection, AdvisoryLocks.ActivityOrder, organizationId, cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            _organizationId = organizationId;
            Clear();
            await ReserveIdsAsync(newActivities, cancellationToken);
            return new Transaction(this, transaction, organizationId);
        }
        catch
        {
            // Rolled back first: in an aborted transaction the unlock itself would fail.
            if (transaction is not null)
                await transaction.DisposeAsync();
            await UnlockAsync(organizationId);
            throw;
        }
    }

    public async ValueTask<Dictionary<string, long>> KnownExternalIdsAsync(int organizationId, IReadOnlyCollection<string> externalIds)
    {
        var known = new Dictionary<string, long>();
        if (externalIds.Count == 0)
            return known;
        await using var command = Command("""
            SELECT "ExternalId", "Id" FROM "Activities" WHERE "OrganizationId" = @organization AND "ExternalId" = ANY(@ids)
            """, organizationId);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", externalIds.ToArray()));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            known[reader.GetString(0)] = reader.GetInt64(1);
        return known;
    }

    public async ValueTask<Dictionary<int, Campaign>> CampaignsAsync(int organizationId, IReadOnlyCollection<int> ids)
    {
        var campaigns = new Dictionary<int, Campaign>();
        if (ids.Count == 0)
            return campaigns;
        await using var command = Command("""
            SELECT "Id", "Name", "TimeZone", "CallingHours", "FollowUpRules" FROM "Campaigns"
            WHERE "OrganizationId" = @organization AND "Id" = ANY(@ids)
            """, organizationId);
        command.Parameters.Add(new NpgsqlParameter<int[]>("ids", ids.ToArray()));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetInt32(0);
            campaigns[id] = _parsed.Campaign(id, organizationId, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
        }
        return campaigns;
    }

    // The leads and open follow-ups a group changes are locked (FOR UPDATE) as they are read: other activity writers of
    // the organization already wait on the advisory lock, but a person changing a lead's status, or a dispatcher
    // claiming a follow-up (which skips locked rows), must not interleave between this read and the group's write.
    public async ValueTask<List<Lead>> LeadsByIdAsync(int organizationId, IReadOnlyCollection<int> ids)
    {
        if (ids.Count == 0)
            return [];
        await using var command = Command($"""
            SELECT {LeadColumns} FROM "Leads" AS l WHERE l."OrganizationId" = @organization AND l."Id" = ANY(@ids) FOR UPDATE OF l
            """, organizationId);
        command.Parameters.Add(new NpgsqlParameter<int[]>("ids", ids.ToArray()));
        return await LeadsAsync(command, organizationId);
    }

    public ValueTask<List<Lead>> LeadsByPhoneAsync(int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> phones) =>
        LeadsByNumberAsync("Phone", organizationId, phones);

    public ValueTask<List<Lead>> LeadsByWhatsAppAsync(int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> numbers) =>
        LeadsByNumberAsync("WhatsApp", organizationId, numbers);

    /// <summary>Each (campaign, number) pair is one probe of the (CampaignId, Phone) or (CampaignId, WhatsApp) index.</summary>
    private async ValueTask<List<Lead>> LeadsByNumberAsync(string column, int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> pairs)
    {
        if (pairs.Count == 0)
            return [];
        await using var command = Command($"""
            SELECT {LeadColumns} FROM unnest(@campaigns, @numbers) AS j("CampaignId", "Number")
            JOIN "Leads" AS l ON l."CampaignId" = j."CampaignId" AND l."{column}" = j."Number"
            WHERE l."OrganizationId" = @organization
            FOR UPDATE OF l
            """, organizationId);
        command.Parameters.Add(new NpgsqlParameter<int[]>("campaigns", pairs.Select(p => p.CampaignId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("numbers", pairs.Select(p => p.Number).ToArray()));
        return await LeadsAsync(command, organizationId);
    }

    public async ValueTask<List<FollowUp>> OpenFollowUpsAsync(int organizationId, IReadOnlyCollection<int> leadIds)
    {
        var open = new List<FollowUp>();
        if (leadIds.Count == 0)
            return open;
        await using var command = Command($"""
            SELECT {FollowUpStoreRow.Columns}
            FROM "FollowUps"
            WHERE "OrganizationId" = @organization AND "LeadId" = ANY(@ids) AND "State" IN ('Scheduled', 'Dispatched')
            FOR UPDATE
            """, organizationId);
        command.Parameters.Add(new NpgsqlParameter<int[]>("ids", leadIds.ToArray()));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            open.Add(FollowUpStoreRow.Read(new ReaderRow(reader), organizationId));
        }
        return open;
    }

    /// <summary>Gives the activity the next reserved id and queues its row for the commit.</summary>
    public long Insert(Activity a, string? transcriptJson, string? extractedJson)
    {
        if (!_reservedIds.TryDequeue(out var id))
            throw new InvalidOperationException("The group inserts more activities than it reserved ids for.");
        a.Id = id;
        _activities.Add(a, transcriptJson, extractedJson);
        return id;
    }

    public void Insert(FollowUp f) => _newFollowUps.Add(f);

    public void Update(Lead lead) => _changedLeads.Add(lead);

    public void Update(FollowUp f) => _changedFollowUps.Add(f);

    /// <summary>
    /// Ids drawn from the sequence now, while the organization's lock is held, are above every id of the organization
    /// committed so far. Ascending, in the order the group inserts; the ones a group leaves unused (duplicates, a
    /// status it did not change) are gaps, which nothing minds.
    /// </summary>
    private async Task ReserveIdsAsync(int count, CancellationToken cancellationToken)
    {
        if (count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            SELECT nextval(pg_get_serial_sequence('"Activities"', 'Id')) FROM generate_series(1, @count)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int>("count", count));
        var ids = new List<long>(count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                ids.Add(reader.GetInt64(0));
        }
        ids.Sort();
        foreach (var id in ids)
            _reservedIds.Enqueue(id);
    }

    /// <summary>Sends the group's queued writes in one round trip.</summary>
    private async Task FlushAsync()
    {
        await using var batch = new NpgsqlBatch(connection);
        var activities = _activities.Count;
        if (activities > 0)
        {
            // The unique index on (OrganizationId, ExternalId) is the guarantee that an activity is stored once; ON
            // CONFLICT DO NOTHING keeps a redelivery from being an error. Under the organization's lock the look-up
            // above already found every stored external id, so a conflict here means something wrote one without the
            // lock: the group is rolled back (below) rather than answered with ids that were never stored.
            batch.BatchCommands.Add(_activities.Insert(
                """ON CONFLICT ("OrganizationId", "ExternalId") WHERE "ExternalId" IS NOT NULL DO NOTHING"""));
        }
        if (_newFollowUps.Count > 0)
            batch.BatchCommands.Add(_newFollowUps.Insert());
        if (_changedLeads.Count > 0)
            batch.BatchCommands.Add(LeadUpdate());
        if (_changedFollowUps.Count > 0)
            batch.BatchCommands.Add(FollowUpUpdate());
        if (batch.BatchCommands.Count == 0)
            return;
        await batch.ExecuteNonQueryAsync();
        if (activities > 0 && batch.BatchCommands[0].RecordsAffected != activities)
            throw new InvalidOperationException("An external id of the group was stored by another writer meanwhile; the group was not recorded.");
    }

    private NpgsqlBatchCommand LeadUpdate()
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE "Leads" AS l
            SET "Status" = u."Status", "LastActivityAt" = u."LastActivityAt", "NextFollowUpAt" = u."NextFollowUpAt", "UpdatedAt" = u."UpdatedAt",
                "LastCallOutcome" = u."LastCallOutcome"
            FROM unnest(@ids, @statuses, @lastActivities, @nextFollowUps, @updated, @outcomes)
                AS u("Id", "Status", "LastActivityAt", "NextFollowUpAt", "UpdatedAt", "LastCallOutcome")
            WHERE l."Id" = u."Id" AND l."OrganizationId" = @organization
            """);
        var leads = _changedLeads;
        command.Parameters.Add(new NpgsqlParameter<int>("organization", _organizationId));
        command.Parameters.Add(new NpgsqlParameter<int[]>("ids", leads.Select(l => l.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", leads.Select(l => l.Status.ToString()).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("lastActivities", leads.Select(l => UtcTicksConverter.ToTicks(l.LastActivityAt)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("nextFollowUps", leads.Select(l => UtcTicksConverter.ToTicks(l.NextFollowUpAt)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("updated", leads.Select(l => UtcTicksConverter.ToTicks(l.UpdatedAt)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("outcomes", leads.Select(l => l.LastCallOutcome?.ToString()).ToArray()));
        return command;
    }

    private NpgsqlBatchCommand FollowUpUpdate()
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE "FollowUps" AS f
            SET "State" = u."State", "CancelledAt" = u."CancelledAt", "CancelledBy" = u."CancelledBy"
            FROM unnest(@ids, @states, @cancelledAt, @cancelledBy) AS u("Id", "State", "CancelledAt", "CancelledBy")
            WHERE f."Id" = u."Id" AND f."OrganizationId" = @organization
            """);
        var followUps = _changedFollowUps;
        command.Parameters.Add(new NpgsqlParameter<int>("organization", _organizationId));
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", followUps.Select(f => f.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("states", followUps.Select(f => f.State.ToString()).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("cancelledAt", followUps.Select(f => UtcTicksConverter.ToTicks(f.CancelledAt)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("cancelledBy", followUps.Select(f => f.CancelledBy).ToArray()));
        return command;
    }

    private NpgsqlCommand Command(string sql, int organizationId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<int>("organization", organizationId));
        return command;
    }

    private Task UnlockAsync(int organizationId) => AdvisoryLocks.UnlockAsync(connection, AdvisoryLocks.ActivityOrder, organizationId);

    private static async Task<List<Lead>> LeadsAsync(NpgsqlCommand command, int organizationId)
    {
        var leads = new List<Lead>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            leads.Add(LeadStoreRow.Read(new ReaderRow(reader), organizationId));
        }
        return leads;
    }

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private void Clear()
    {
        _reservedIds.Clear();
        _activities.Clear();
        _newFollowUps.Clear();
        _changedLeads.Clear();
        _changedFollowUps.Clear();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private sealed class Transaction(PostgresActivityStore store, NpgsqlTransaction transaction, int organizationId) : IActivityTransaction
    {
        public async Task CommitAsync()
        {
            await store.FlushAsync();
            await transaction.CommitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            store.Clear();
            await store.UnlockAsync(organizationId);
        }
    }

    /// <summary>The queued activity rows, a typed array per column, inserted with one <c>unnest</c>.</summary>
    private sealed class ActivityRowSet
    {
        private readonly List<Activity> _rows = [];
        private readonly List<(string? Transcript, string? Extracted)> _json = [];

        public int Count => _rows.Count;

        public void Add(Activity a, string? transcriptJson, string? extractedJson)
        {
            _rows.Add(a);
            _json.Add((transcriptJson, extractedJson));
        }

        public void Clear()
        {
            _rows.Clear();
            _json.Clear();
        }

        public NpgsqlBatchCommand Insert(string onConflict)
        {
            var command = new NpgsqlBatchCommand($"""
                INSERT INTO "Activities" ("Id", "OrganizationId", "LeadId", "CampaignId", "Kind", "OccurredAt", "Direction", "Channel",
                    "CallOutcome", "DeliveryState", "DurationSeconds", "Summary", "Transcript", "RecordingUrl", "Extracted", "Body",
                    "ExternalId", "Attempt", "MaxAttempts", "StatusFrom", "StatusTo", "Actor")
                SELECT * FROM unnest(@id, @organization, @lead, @campaign, @kind, @occurred, @direction, @channel, @outcome, @delivery,
                    @duration, @summary, @transcript, @recording, @extracted, @body, @external, @attempt, @maxAttempts, @from, @to, @actor)
                {onConflict}
                """);
            var rows = _rows;
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<long[]>("id", rows.Select(a => a.Id).ToArray()));
            p.Add(new NpgsqlParameter<int[]>("organization", rows.Select(a => a.OrganizationId).ToArray()));
            p.Add(new NpgsqlParameter<int[]>("lead", rows.Select(a => a.LeadId).ToArray()));
            p.Add(new NpgsqlParameter<int[]>("campaign", rows.Select(a => a.CampaignId).ToArray()));
            p.Add(Texts("kind", rows.Select(a => a.Kind.ToString())));
            p.Add(new NpgsqlParameter<long[]>("occurred", rows.Select(a => UtcTicksConverter.ToTicks(a.OccurredAt)).ToArray()));
            p.Add(Texts("direction", rows.Select(a => a.Direction?.ToString())));
            p.Add(Texts("channel", rows.Select(a => a.Channel?.ToString())));
            p.Add(Texts("outcome", rows.Select(a => a.CallOutcome?.ToString())));
            p.Add(Texts("delivery", rows.Select(a => a.DeliveryState?.ToString())));
            p.Add(new NpgsqlParameter<int?[]>("duration", rows.Select(a => a.DurationSeconds).ToArray()));
            p.Add(Texts("summary", rows.Select(a => a.Summary)));
            p.Add(Texts("transcript", _json.Select(j => j.Transcript)));
            p.Add(Texts("recording", rows.Select(a => a.RecordingUrl)));
            p.Add(Texts("extracted", _json.Select(j => j.Extracted)));
            p.Add(Texts("body", rows.Select(a => a.Body)));
            p.Add(Texts("external", rows.Select(a => a.ExternalId)));
            p.Add(new NpgsqlParameter<int?[]>("attempt", rows.Select(a => a.Attempt).ToArray()));
            p.Add(new NpgsqlParameter<int?[]>("maxAttempts", rows.Select(a => a.MaxAttempts).ToArray()));
            p.Add(Texts("from", rows.Select(a => a.StatusFrom?.ToString())));
            p.Add(Texts("to", rows.Select(a => a.StatusTo?.ToString())));
            p.Add(Texts("actor", rows.Select(a => a.Actor)));
            return command;
        }
    }

    /// <summary>The queued new follow-ups; their ids come from the table's identity (nothing reads them in the group).</summary>
    private sealed class FollowUpRowSet
    {
        private readonly List<FollowUp> _rows = [];

        public int Count => _rows.Count;

        public void Add(FollowUp f) => _rows.Add(f);

        public void Clear() => _rows.Clear();

        public NpgsqlBatchCommand Insert()
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO "FollowUps" ("OrganizationId", "LeadId", "CampaignId", "DueAt", "Attempt", "MaxAttempts", "Channel", "TriggerOutcome",
                    "SourceActivityId", "State", "CreatedAt", "DispatchedAt", "CancelledAt", "CancelledBy")
                SELECT * FROM unnest(@organization, @lead, @campaign, @due, @attempt, @maxAttempts, @channel, @trigger, @source, @state,
                    @created, @dispatched, @cancelled, @cancelledBy)
                """);
            var rows = _rows;
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<int[]>("organization", rows.Select(f => f.OrganizationId).ToArray()));
            p.Add(new NpgsqlParameter<int[]>("lead", rows.Select(f => f.LeadId).ToArray()));
            p.Add(new NpgsqlParameter<int[]>("campaign", rows.Select(f => f.CampaignId).ToArray()));
            p.Add(new NpgsqlParameter<long[]>("due", rows.Select(f => UtcTicksConverter.ToTicks(f.DueAt)).ToArray()));
            p.Add(new NpgsqlParameter<int[]>("attempt", rows.Select(f => f.Attempt).ToArray()));
            p.Add(new NpgsqlParameter<int[]>("maxAttempts", rows.Select(f => f.MaxAttempts).ToArray()));
            p.Add(Texts("channel", rows.Select(f => f.Channel.ToString())));
            p.Add(Texts("trigger", rows.Select(f => f.TriggerOutcome.ToString())));
            p.Add(new NpgsqlParameter<long?[]>("source", rows.Select(f => f.SourceActivityId).ToArray()));
            p.Add(Texts("state", rows.Select(f => f.State.ToString())));
            p.Add(new NpgsqlParameter<long[]>("created", rows.Select(f => UtcTicksConverter.ToTicks(f.CreatedAt)).ToArray()));
            p.Add(new NpgsqlParameter<long?[]>("dispatched", rows.Select(f => UtcTicksConverter.ToTicks(f.DispatchedAt)).ToArray()));
            p.Add(new NpgsqlParameter<long?[]>("cancelled", rows.Select(f => UtcTicksConverter.ToTicks(f.CancelledAt)).ToArray()));
            p.Add(Texts("cancelledBy", rows.Select(f => f.CancelledBy)));
            return command;
        }
    }

    // text[] rather than varchar[]: unnest's columns are assigned to the varchar columns, which PostgreSQL checks.
    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };
}
