using System.Diagnostics;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;
using Microsoft.Data.Sqlite;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// The import's commit on SQLite: on a connection of its own with a bounded cache, new leads staged per batch and
/// moved with one <c>INSERT … SELECT</c>, then indexed for search in one statement, updates applied in one statement
/// at the end, all in one transaction that holds the write lock from its start.
/// </summary>
internal sealed class SqliteLeadImport(LeadActivityDatabase database) : ILeadImportStore
{
    public bool SharedByServers => false;

    public async Task<ImportTimings> CommitAsync(LeadImporter.RunContext run, LeadImportReader reader, Stopwatch phase, Action<int> rowsDone, Action? indexing,
        CancellationToken cancellationToken)
    {
        var (import, campaign) = (run.Import, run.Campaign);

        await using var connection = SqliteDatabase.OpenBulkConnection(run.Database.ConnectionString);
        // BEGIN IMMEDIATE: the import holds the write lock from the start, so what it read stays true until it commits.
        await using var transaction = connection.BeginTransaction();
        var existing = LeadImportScan.LoadExisting(connection, transaction, import.OrganizationId, campaign.Id);
        var prepared = phase.Elapsed;
        phase.Restart();
        var scan = new LeadImportScan(existing, run.ScanBuffer, import.Rows);

        var now = run.Now;
        var created = 0;
        int? firstCreated = null;
        var lastCreated = 0;
        { // the statements that write the rows, released before the search index is built
            using var stage = connection.CreateCommand();
            stage.Transaction = transaction;
            stage.CommandText = LeadImportSql.CreateUpdates;
            stage.ExecuteNonQuery();
            stage.CommandText = LeadImportSql.StageUpdate;
            foreach (var name in new[] { "$id", "$name", "$sortName", "$email", "$fields" })
                stage.Parameters.Add(new SqliteParameter(name, null));
            stage.Prepare();
            using var move = connection.CreateCommand();
            move.Transaction = transaction;
            move.CommandText = LeadImportSql.CreateLeadStage;
            move.ExecuteNonQuery();
            // Only what differs from lead to lead is staged; the move adds what every new lead of the import shares.
            using var staged = RawStatement.Insert(connection, "lead_stage", ["Name", "SortName", "Phone", "WhatsApp", "Email", "PhoneSuffixKeys", "Fields", "Country"]);
            move.CommandText = LeadImportSql.MoveStagedLeads;
            move.Parameters.AddWithValue("$organization", import.OrganizationId);
            move.Parameters.AddWithValue("$campaign", campaign.Id);
            move.Parameters.AddWithValue("$status", LeadStatus.New.ToString());
            move.Parameters.AddWithValue("$now", UtcTicksConverter.ToTicks(now));
            move.Parameters.AddWithValue("$import", import.Id);
            move.Prepare();

            await LeadImporter.WriteBatchesAsync(run, reader, scan, batch =>
            {
                if (batch.New.Count > 0)
                {
                    foreach (var lead in batch.New)
                    {
                        staged.Bind(1, lead.Name);
                        staged.Bind(2, lead.SortName);
                        staged.Bind(3, lead.Phone);
                        staged.Bind(4, lead.WhatsApp);
                        staged.Bind(5, lead.Email);
                        staged.Bind(6, lead.PhoneSuffixKeys);
                        staged.Bind(7, lead.FieldsJson);
                        staged.Bind(8, lead.Country);
                        staged.Execute();
                    }
                    // One INSERT … SELECT per batch writes the leads at twice the rate of a statement per row.
                    move.ExecuteNonQuery();
                    var lastId = (int)SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle);
                    firstCreated ??= lastId - batch.New.Count + 1;
                    lastCreated = lastId;
                    created += batch.New.Count;
                }
                foreach (var (leadId, lead) in batch.Updates)
                {
                    stage.Parameters[0].Value = leadId;
                    stage.Parameters[1].Value = lead.Named ? lead.Name : DBNull.Value;
                    stage.Parameters[2].Value = lead.Named ? lead.SortName : DBNull.Value;
                    stage.Parameters[3].Value = (object?)lead.Email ?? DBNull.Value;
                    stage.Parameters[4].Value = lead.FieldsJson;
                    stage.ExecuteNonQuery();
                }
                rowsDone(batch.RowsThrough);
                return ValueTask.CompletedTask;
            }, cancellationToken);
        }
        var rowsWritten = phase.Elapsed;
        phase.Restart();

        // The search index takes the new leads in one statement, after all of them: FTS5 writes a segment at every
        // statement that touches it, so a statement per batch left hundreds of small segments to merge (a million
        // leads: 100 s against under 20 s).
        indexing?.Invoke();
        if (firstCreated is { } firstId)
        {
            using var index = connection.CreateCommand();
            index.Transaction = transaction;
            index.CommandText = LeadSearchIndex.AddImportedSql;
            index.Parameters.AddWithValue("$import", import.Id);
            index.Parameters.AddWithValue("$first", firstId);
            index.Parameters.AddWithValue("$last", lastCreated);
            index.CommandTimeout = 0;
            index.ExecuteNonQuery();
        }
        var indexed = phase.Elapsed;
        phase.Restart();

        var updated = 0;
        if (import.Existing == ExistingLeadAction.Update)
        {
            using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = LeadImportSql.ApplyUpdates;
            apply.Parameters.AddWithValue("$now", UtcTicksConverter.ToTicks(now));
            apply.Parameters.AddWithValue("$organization", import.OrganizationId);
            updated = apply.ExecuteNonQuery();
        }
        // The staging tables need no dropping: they are temporary on a connection of the import's own, closed below.

        using (var finish = connection.CreateCommand())
        {
            finish.Transaction = transaction;
            finish.CommandText = """
                UPDATE "LeadImports" SET "State" = 'Completed', "Rows" = $rows, "Created" = $created, "Updated" = $updated,
                    "Skipped" = $skipped, "Rejected" = $rejected, "FinishedAt" = $finished, "Message" = NULL
                WHERE "Id" = $id
                """;
            finish.Parameters.AddWithValue("$rows", scan.Rows);
            finish.Parameters.AddWithValue("$created", created);
            finish.Parameters.AddWithValue("$updated", updated);
            finish.Parameters.AddWithValue("$skipped", scan.DuplicatesInFile + scan.AlreadyInCampaign - updated);
            finish.Parameters.AddWithValue("$rejected", scan.Invalid);
            finish.Parameters.AddWithValue("$finished", UtcTicksConverter.ToTicks(run.Clock.GetUtcNow().UtcDateTime));
            finish.Parameters.AddWithValue("$id", import.Id);
            finish.ExecuteNonQuery();
        }
        cancellationToken.ThrowIfCancellationRequested();
        var finished = phase.Elapsed;
        phase.Restart();
        await transaction.CommitAsync(CancellationToken.None);
        var committed = phase.Elapsed;
        SqliteDatabase.Optimize(connection);
        rowsDone(scan.Rows);
        return new ImportTimings(scan.Rows, prepared, rowsWritten, indexed, finished, committed);
    }

    private Task _checkpoint = Task.CompletedTask;

    /// <summary>
    /// Folds the import's write-ahead log into the database in the background, once the import is committed and shown
    /// as done. The import's own connection does not checkpoint at its commit (a million rows: a few hundred MB to
    /// copy); a passive checkpoint blocks neither readers nor writers, and leaves for the next one what it cannot copy.
    /// </summary>
    public Task AfterCommitAsync()
    {
        lock (_gate)
            return _checkpoint = CheckpointAsync(_checkpoint);
    }

    private readonly Lock _gate = new();

    private async Task CheckpointAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // Reported to whoever started it; this one goes ahead.
        }
        await Task.Yield();
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await command.ExecuteNonQueryAsync();
    }
}
