using System.Data.Common;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LeadActivity.Domain.Leads.Bulk;

/// <summary>What a bulk action did (or, for a preview, would do).</summary>
public sealed record BulkOutcome(int Selected, int Affected, int Skipped, string? Message = null);

/// <summary>
/// The bulk actions themselves, each in one transaction: all of it lands, or none. A person's single change is the
/// model: a status change records "status changed from X to Y by someone" on each lead's timeline and a final status
/// cancels the scheduled retries (<c>FollowUpRules.AfterStatus</c>); a cancelled follow-up records its own entry. The
/// organization's activity order is held from before the first id until the commit, as for any recorded activity.
/// </summary>
internal static class LeadBulkWork
{
    /// <summary>Runs <paramref name="action"/>; <paramref name="step"/> hears each step's name as it starts.</summary>
    public static async Task<BulkOutcome> RunAsync(LeadActivityDatabase database, ActivityStream stream, BulkAction action, DateTime now,
        Action<string> step, CancellationToken cancellationToken)
    {
        var organizationId = action.OrganizationId;
        await using var db = database.CreateContext(organizationId);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var order = await ActivityOrder.HoldAsync(db, cancellationToken);
        step("Finding the leads");
        var where = await WhereAsync(database, db.Database.GetDbConnection(), organizationId, LeadSelection.FromStored(action.Selection), cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var writer = new LeadBulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), database.Stores.LeadBulk, organizationId);
        var selected = await writer.SelectAsync(where, cancellationToken);
        var outcome = action.Kind switch
        {
            BulkActionKind.Delete => await DeleteAsync(db, writer, selected, action.Id, step, cancellationToken),
            BulkActionKind.UndoDelete => await UndoDeleteAsync(db, writer, action.UndoOf!.Value, now, step, cancellationToken),
            BulkActionKind.ChangeStatus => await ChangeStatusAsync(writer, selected, action.Status!.Value, action.StartedBy, now, step, cancellationToken),
            BulkActionKind.CancelFollowUps => await CancelFollowUpsAsync(writer, selected, action.StartedBy, now, step, cancellationToken),
            BulkActionKind.MoveToCampaign => await MoveAsync(db, writer, selected, action.TargetCampaignId!.Value, action.StartedBy, now, step, write: true, cancellationToken),
            BulkActionKind.CopyToCampaign => await MoveAsync(db, writer, selected, action.TargetCampaignId!.Value, action.StartedBy, now, step, write: true, cancellationToken, copy: true),
            _ => throw new InvalidOperationException($"No bulk action {action.Kind}."),
        };
        step("Saving");
        // Timeline entries were written without events: one per lead would flood every dashboard's queue, so the
        // organization's dashboards on this node reload their newest entries from the database instead.
        await stream.CommitAndPublishAsync(organizationId, () => transaction.CommitAsync(cancellationToken), () => []);
        if (outcome.Affected > 0)
            stream.MarkFellBehind(organizationId);
        return outcome;
    }

    /// <summary>The tables a lead's delete takes rows from, in the order they are restored (each after what it refers to).</summary>
    private static readonly (string Table, Type Entity, string LeadColumn)[] LeadTables =
    [
        ("Leads", typeof(Lead), "Id"),
        ("Notes", typeof(Note), "LeadId"),
        ("FollowUps", typeof(FollowUps.FollowUp), "LeadId"),
        ("Activities", typeof(Activity), "LeadId"),
    ];

    /// <summary>A table's columns, by name, as the model maps them: the one mapping a delete keeps and an undo restores.</summary>
    private static IReadOnlyList<string> Columns(LeadActivityDbContext db, Type entity) =>
        [.. db.Model.FindEntityType(entity)!.GetProperties().Select(p => p.GetColumnName())];

    /// <summary>
    /// Deletes the selected leads with their timeline, follow-ups and notes, each row kept whole in
    /// <see cref="DeletedRow"/> so <see cref="UndoDeleteAsync"/> can put them back as they were, with their ids.
    /// </summary>
    private static async Task<BulkOutcome> DeleteAsync(LeadActivityDbContext db, LeadBulkWriter writer, int selected, int bulkActionId, Action<string> step,
        CancellationToken cancellationToken)
    {
        var bulk = ("@bulk", (object?)bulkActionId);
        var entries = Convert.ToInt32(await writer.ScalarAsync(
            $"SELECT COUNT(*) FROM \"Activities\" WHERE \"LeadId\" IN (SELECT id FROM {LeadBulkWriter.Selection})", cancellationToken));
        step("Keeping the leads for undo");
        foreach (var (table, entity, leadColumn) in LeadTables)
        {
            await writer.ExecuteAsync(writer.Sql.ArchiveRows(table, Columns(db, entity),
                $"t.\"OrganizationId\" = @organization AND t.\"{leadColumn}\" IN (SELECT id FROM {LeadBulkWriter.Selection})"), cancellationToken, bulk);
        }
        step($"Deleting {selected:N0} leads");
        foreach (var (table, _, leadColumn) in LeadTables.Reverse())
        {
            await writer.ExecuteAsync($"""
                DELETE FROM "{table}" WHERE "OrganizationId" = @organization AND "{leadColumn}" IN (SELECT id FROM {LeadBulkWriter.Selection})
                """, cancellationToken);
        }
        return new BulkOutcome(selected, selected, 0, $"With them, {entries:N0} timeline entries.");
    }

    /// <summary>
    /// Puts back what the delete <paramref name="deleteId"/> removed, with the same ids — refused, changing nothing, when
    /// it was undone already, or a lead with one of their numbers has since been added to its campaign (or the campaign
    /// is gone): leads are unique per campaign on their number.
    /// </summary>
    private static async Task<BulkOutcome> UndoDeleteAsync(LeadActivityDbContext db, LeadBulkWriter writer, int deleteId, DateTime now, Action<string> step,
        CancellationToken cancellationToken)
    {
        var delete = await db.BulkActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == deleteId, cancellationToken);
        if (delete is not { Kind: BulkActionKind.Delete, State: BulkActionState.Completed, UndoneAt: null })
            throw new BulkRefusedException("That delete cannot be undone: it was undone already, or did not complete.");
        var bulk = ("@bulk", (object?)deleteId);
        var taken = Convert.ToInt32(await writer.ScalarAsync("""
            SELECT COUNT(*) FROM "DeletedRows" d
            WHERE d."BulkActionId" = @bulk AND d."TableName" = 'Leads' AND (
                NOT EXISTS (SELECT 1 FROM "Campaigns" c WHERE c."Id" = d."CampaignId")
                OR EXISTS (SELECT 1 FROM "Leads" l WHERE l."CampaignId" = d."CampaignId" AND l."Phone" = d."Phone"))
            """, cancellationToken, bulk));
        if (taken > 0)
            throw new BulkRefusedException($"Undo refused: {taken:N0} of the deleted leads' numbers are in their campaign again (added since), or their campaign is gone. Nothing was restored.");
        step("Restoring the leads");
        foreach (var (table, entity, _) in LeadTables)
            await writer.ExecuteAsync(writer.Sql.RestoreRows(table, Columns(db, entity)), cancellationToken, bulk);
        if (writer.Sql.IndexLeads("SELECT d.\"RowId\" FROM \"DeletedRows\" d WHERE d.\"BulkActionId\" = @bulk AND d.\"TableName\" = 'Leads'") is { Length: > 0 } index)
            await writer.ExecuteAsync(index, cancellationToken, bulk);
        var restored = Convert.ToInt32(await writer.ScalarAsync(
            "SELECT COUNT(*) FROM \"DeletedRows\" WHERE \"BulkActionId\" = @bulk AND \"TableName\" = 'Leads'", cancellationToken, bulk));
        await writer.ExecuteAsync("DELETE FROM \"DeletedRows\" WHERE \"BulkActionId\" = @bulk", cancellationToken, bulk);
        await writer.ExecuteAsync("UPDATE \"BulkActions\" SET \"UndoneAt\" = @now WHERE \"Id\" = @bulk AND \"OrganizationId\" = @organization",
            cancellationToken, bulk, ("@now", now.Ticks));
        return new BulkOutcome(restored, restored, 0);
    }

    /// <summary>What deleting the selection would remove: the leads and their timeline entries.</summary>
    public static async Task<(int Leads, int Entries)> PreviewDeleteAsync(LeadActivityDatabase database, int organizationId, LeadSelection selection,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = await WhereAsync(database, connection, organizationId, selection, cancellationToken);
        var leads = where.Hits ?? Convert.ToInt32(await ScalarAsync(where.Command(connection, "SELECT COUNT(*) FROM \"Leads\" l"), cancellationToken));
        var entries = Convert.ToInt32(await ScalarAsync(
            where.Command(connection, "SELECT COUNT(*) FROM \"Activities\" a WHERE a.\"LeadId\" IN (SELECT l.\"Id\" FROM \"Leads\" l", ")"), cancellationToken));
        return (leads, entries);
    }

    private static async Task<object?> ScalarAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
            return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>What moving the selection to <paramref name="targetCampaignId"/> would do, computed and rolled back.</summary>
    public static async Task<BulkOutcome?> PreviewMoveAsync(LeadActivityDatabase database, int organizationId, LeadSelection selection, int targetCampaignId,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext(organizationId);
        if (!await db.Campaigns.AnyAsync(c => c.Id == targetCampaignId, cancellationToken))
            return null;
        await db.Database.OpenConnectionAsync(cancellationToken);
        var where = await WhereAsync(database, db.Database.GetDbConnection(), organizationId, selection, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var writer = new LeadBulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), database.Stores.LeadBulk, organizationId);
        var selected = await writer.SelectAsync(where, cancellationToken);
        var outcome = await MoveAsync(db, writer, selected, targetCampaignId, "", DateTime.UtcNow, _ => { }, write: false, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        return outcome;
    }

    /// <summary>How many leads the selection holds now.</summary>
    public static async Task<int> CountAsync(LeadActivityDatabase database, int organizationId, LeadSelection selection, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = await WhereAsync(database, connection, organizationId, selection, cancellationToken);
        if (where.Hits is { } hits)
            return hits;
        await using var count = where.Command(connection, "SELECT COUNT(*) FROM \"Leads\" l");
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>The selection as a WHERE clause over <c>"Leads" l</c>, always within the organization.</summary>
    internal static async Task<LeadWhere> WhereAsync(LeadActivityDatabase database, DbConnection connection, int organizationId, LeadSelection selection,
        CancellationToken cancellationToken)
    {
        if (selection.Filter is { } filter)
            return await new LeadQuery(database, new FixedOrganizationScope(organizationId)).WhereAsync(connection, filter, byStatus: true, cancellationToken);
        // Ids are ints, written as literals (as LeadQuery.RowsAsync does); none selects nothing.
        var ids = selection.LeadIds.Count == 0 ? "NULL" : string.Join(", ", selection.LeadIds);
        return new LeadWhere($"WHERE l.\"OrganizationId\" = @organization AND l.\"Id\" IN ({ids})", organizationId);
    }

    private static async Task<BulkOutcome> ChangeStatusAsync(LeadBulkWriter writer, int selected, LeadStatus status, string actor, DateTime now,
        Action<string> step, CancellationToken cancellationToken)
    {
        var to = ("@to", (object?)status.ToString());
        var at = ("@now", (object?)now.Ticks);
        // Leads already in the status are left alone, as a person's change of a lead to its own status records nothing.
        await writer.ExecuteAsync($"""
            DELETE FROM {LeadBulkWriter.Selection}
            WHERE EXISTS (SELECT 1 FROM "Leads" l WHERE l."Id" = {LeadBulkWriter.Selection}.id AND l."Status" = @to)
            """, cancellationToken, to);
        var changing = await writer.CountAsync(LeadBulkWriter.Selection, cancellationToken);
        step($"Recording {changing:N0} status changes");
        await writer.ExecuteAsync($"""
            INSERT INTO "Activities" ("OrganizationId", "LeadId", "CampaignId", "Kind", "OccurredAt", "StatusFrom", "StatusTo", "Actor")
            SELECT l."OrganizationId", l."Id", l."CampaignId", '{ActivityKind.StatusChange}', @now, l."Status", @to, @actor
            FROM {LeadBulkWriter.Selection} s JOIN "Leads" l ON l."Id" = s.id
            WHERE l."OrganizationId" = @organization
            ORDER BY l."Id"
            """, cancellationToken, to, at, ("@actor", actor));
        var cancelled = 0;
        if (status.IsFinal())
        {
            step("Cancelling scheduled retries");
            // FollowUpRules.AfterStatus: a final status ends the scheduled retries, the person named with the reason.
            cancelled = await CancelScheduledAsync(writer, now, $"{actor} (status {status.Label()})", cancellationToken);
        }
        step($"Updating {changing:N0} leads");
        // With every scheduled retry cancelled, the next follow-up is none (FollowUpRules.RefreshNext).
        await writer.ExecuteAsync($"""
            UPDATE "Leads" SET "Status" = @to, "UpdatedAt" = @now{(status.IsFinal() ? ", \"NextFollowUpAt\" = NULL" : "")}
            WHERE "OrganizationId" = @organization AND "Id" IN (SELECT id FROM {LeadBulkWriter.Selection})
            """, cancellationToken, to, at);
        var unchanged = selected - changing;
        var message = string.Join(" ", new[]
        {
            unchanged > 0 ? $"{unchanged:N0} already {status.Label()}." : null,
            cancelled > 0 ? $"{cancelled:N0} scheduled follow-ups cancelled." : null,
        }.OfType<string>());
        return new BulkOutcome(selected, changing, unchanged, message.Length == 0 ? null : message);
    }

    private static async Task<BulkOutcome> CancelFollowUpsAsync(LeadBulkWriter writer, int selected, string actor, DateTime now, Action<string> step,
        CancellationToken cancellationToken)
    {
        var leads = Convert.ToInt32(await writer.ScalarAsync($"""
            SELECT COUNT(DISTINCT f."LeadId") FROM "FollowUps" f
            WHERE f."OrganizationId" = @organization AND f."State" = 'Scheduled' AND f."LeadId" IN (SELECT id FROM {LeadBulkWriter.Selection})
            """, cancellationToken));
        step("Recording the cancellations");
        // Each cancelled retry gets its timeline entry, as FollowUpService.CancelAsync records one.
        await writer.ExecuteAsync($"""
            INSERT INTO "Activities" ("OrganizationId", "LeadId", "CampaignId", "Kind", "OccurredAt", "Channel", "Attempt", "MaxAttempts", "Actor", "FollowUpId")
            SELECT f."OrganizationId", f."LeadId", f."CampaignId", '{ActivityKind.FollowUpCancelled}', @now, f."Channel", f."Attempt", f."MaxAttempts", @actor, f."Id"
            FROM "FollowUps" f
            WHERE f."OrganizationId" = @organization AND f."State" = 'Scheduled' AND f."LeadId" IN (SELECT id FROM {LeadBulkWriter.Selection})
            ORDER BY f."Id"
            """, cancellationToken, ("@now", now.Ticks), ("@actor", actor));
        step("Cancelling the follow-ups");
        var cancelled = await CancelScheduledAsync(writer, now, actor, cancellationToken);
        await writer.ExecuteAsync($"""
            UPDATE "Leads" SET "NextFollowUpAt" = NULL, "UpdatedAt" = @now
            WHERE "OrganizationId" = @organization AND "NextFollowUpAt" IS NOT NULL AND "Id" IN (SELECT id FROM {LeadBulkWriter.Selection})
            """, cancellationToken, ("@now", now.Ticks));
        return new BulkOutcome(selected, leads, selected - leads,
            $"{cancelled:N0} scheduled follow-ups cancelled{(selected > leads ? $"; {selected - leads:N0} leads had none" : "")}.");
    }

    private static Task<int> CancelScheduledAsync(LeadBulkWriter writer, DateTime now, string cancelledBy, CancellationToken cancellationToken) =>
        writer.ExecuteAsync($"""
            UPDATE "FollowUps" SET "State" = 'Cancelled', "CancelledAt" = @now, "CancelledBy" = @by
            WHERE "OrganizationId" = @organization AND "State" = 'Scheduled' AND "LeadId" IN (SELECT id FROM {LeadBulkWriter.Selection})
            """, cancellationToken, ("@now", now.Ticks), ("@by", cancelledBy));

    /// <summary>
    /// Moves the selection to another campaign of the organization, as an import into it would take them: a lead whose
    /// number the campaign already has (or another selected lead has, the older one kept) is skipped, and each lead's
    /// values are checked against the campaign's fields, those it refuses skipping the lead. Scheduled retries follow
    /// the old campaign's rules, so they are cancelled. With <paramref name="write"/> false it only counts.
    /// </summary>
    private static async Task<BulkOutcome> MoveAsync(LeadActivityDbContext db, LeadBulkWriter writer, int selected, int targetCampaignId, string actor,
        DateTime now, Action<string> step, bool write, CancellationToken cancellationToken, bool copy = false)
    {
        var target = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == targetCampaignId, cancellationToken)
            ?? throw new InvalidOperationException($"Campaign {targetCampaignId} is not the organization's.");
        var campaign = ("@target", (object?)targetCampaignId);
        var already = await writer.ExecuteAsync($"""
            DELETE FROM {LeadBulkWriter.Selection}
            WHERE EXISTS (SELECT 1 FROM "Leads" l WHERE l."Id" = {LeadBulkWriter.Selection}.id AND l."CampaignId" = @target)
            """, cancellationToken, campaign);

        step("Checking for duplicates");
        await writer.PrepareSkippedAsync(cancellationToken);
        var duplicates = await writer.ExecuteAsync($"""
            INSERT INTO {LeadBulkWriter.Skipped}
            SELECT l."Id" FROM {LeadBulkWriter.Selection} s JOIN "Leads" l ON l."Id" = s.id
            WHERE l."Phone" IS NOT NULL AND (
                EXISTS (SELECT 1 FROM "Leads" t WHERE t."CampaignId" = @target AND t."Phone" = l."Phone")
                OR EXISTS (SELECT 1 FROM {LeadBulkWriter.Selection} o JOIN "Leads" ol ON ol."Id" = o.id WHERE ol."Phone" = l."Phone" AND ol."Id" < l."Id"))
            """, cancellationToken, campaign);

        step("Checking fields");
        var (refused, firstRefusal, normalized) = await CheckFieldsAsync(writer, target, cancellationToken);
        foreach (var chunk in refused.Chunk(500))
            await writer.ExecuteAsync($"INSERT INTO {LeadBulkWriter.Skipped} (id) VALUES {string.Join(", ", chunk.Select(id => $"({id})"))}", cancellationToken);
        await writer.ExecuteAsync($"DELETE FROM {LeadBulkWriter.Selection} WHERE id IN (SELECT id FROM {LeadBulkWriter.Skipped})", cancellationToken);
        var moving = await writer.CountAsync(LeadBulkWriter.Selection, cancellationToken);

        if (write && moving > 0 && copy)
        {
            step($"Copying {moving:N0} leads");
            // A copy is a new lead of the target: the same person and values, status New, no history.
            var last = Convert.ToInt64(await writer.ScalarAsync("SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Leads\"", cancellationToken));
            await writer.ExecuteAsync($"""
                INSERT INTO "Leads" ("OrganizationId", "CampaignId", "Name", "SortName", "Phone", "WhatsApp", "Email", "PhoneSuffixKeys", "Status", "Fields", "CreatedAt", "UpdatedAt")
                SELECT l."OrganizationId", @target, l."Name", l."SortName", l."Phone", l."WhatsApp", l."Email", l."PhoneSuffixKeys", '{LeadStatus.New}', l."Fields", @now, @now
                FROM {LeadBulkWriter.Selection} s JOIN "Leads" l ON l."Id" = s.id
                WHERE l."OrganizationId" = @organization
                ORDER BY l."Id"
                """, cancellationToken, campaign, ("@now", now.Ticks));
            // A copy is found by its number, unique in the target; one without a number keeps the (valid) value as written.
            foreach (var (_, phone, fields) in normalized.Where(n => n.Phone is not null))
                await writer.ExecuteAsync("UPDATE \"Leads\" SET \"Fields\" = @fields WHERE \"CampaignId\" = @target AND \"Phone\" = @phone",
                    cancellationToken, campaign, ("@fields", JsonColumn.Serialize(fields)), ("@phone", phone));
            var newLeads = $"SELECT \"Id\" FROM \"Leads\" WHERE \"CampaignId\" = @target AND \"Id\" > @last";
            if (writer.Sql.IndexLeads(newLeads) is { Length: > 0 } index)
                await writer.ExecuteAsync(index, cancellationToken, campaign, ("@last", last));
        }
        else if (write && moving > 0)
        {
            step($"Moving {moving:N0} leads");
            foreach (var (leadId, _, fields) in normalized)
                await writer.ExecuteAsync("UPDATE \"Leads\" SET \"Fields\" = @fields WHERE \"OrganizationId\" = @organization AND \"Id\" = @id",
                    cancellationToken, ("@fields", JsonColumn.Serialize(fields)), ("@id", leadId));
            await CancelScheduledAsync(writer, now, $"{actor} (moved to {target.Name})", cancellationToken);
            await writer.ExecuteAsync($"""
                UPDATE "Leads" SET "CampaignId" = @target, "UpdatedAt" = @now, "NextFollowUpAt" = NULL
                WHERE "OrganizationId" = @organization AND "Id" IN (SELECT id FROM {LeadBulkWriter.Selection})
                """, cancellationToken, campaign, ("@now", now.Ticks));
        }

        var reasons = new List<string>();
        if (duplicates > 0)
            reasons.Add($"{duplicates:N0} with a number {target.Name} already has");
        if (refused.Count > 0)
            reasons.Add($"{refused.Count:N0} with a value {target.Name}'s fields refuse (e.g. {firstRefusal})");
        if (already > 0)
            reasons.Add($"{already:N0} already in {target.Name}");
        var skipped = duplicates + refused.Count + already;
        return new BulkOutcome(selected, moving, skipped, reasons.Count == 0 ? null : $"Skipped: {string.Join("; ", reasons)}.");
    }

    /// <summary>
    /// Each remaining lead's values checked against the target's fields (CustomFieldValues, as the lead page checks
    /// them): the leads refused, the first reason, and the values the target stores in another form.
    /// </summary>
    private static async Task<(List<int> Refused, string? FirstRefusal, List<(int Id, string? Phone, Dictionary<string, string> Fields)> Normalized)> CheckFieldsAsync(
        LeadBulkWriter writer, Campaign target, CancellationToken cancellationToken)
    {
        var refused = new List<int>();
        var normalized = new List<(int, string?, Dictionary<string, string>)>();
        string? first = null;
        if (target.Fields.Count == 0)
            return (refused, first, normalized);
        await using var read = writer.Command($"""
            SELECT l."Id", l."Fields", l."Phone" FROM {LeadBulkWriter.Selection} s JOIN "Leads" l ON l."Id" = s.id
            WHERE s.id NOT IN (SELECT id FROM {LeadBulkWriter.Skipped})
            """);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var fields = JsonColumn.Deserialize<Dictionary<string, string>>(reader.GetString(1));
            var changed = false;
            string? error = null;
            foreach (var definition in target.Fields)
            {
                var check = CustomFieldValues.Check(definition, fields.GetValueOrDefault(definition.Key));
                if (!check.IsValid)
                {
                    error = check.Error;
                    break;
                }
                if (check.Value is { } value && fields.GetValueOrDefault(definition.Key) != value)
                {
                    fields[definition.Key] = value;
                    changed = true;
                }
            }
            if (error is not null)
            {
                refused.Add(reader.GetInt32(0));
                first ??= error;
            }
            else if (changed)
            {
                normalized.Add((reader.GetInt32(0), reader.IsDBNull(2) ? null : reader.GetString(2), fields));
            }
        }
        return (refused, first, normalized);
    }
}

/// <summary>A bulk action refused for a reason the person can act on (the message says it); nothing was changed.</summary>
public sealed class BulkRefusedException(string message) : Exception(message);
