using System.Diagnostics;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;
using Npgsql;
using NpgsqlTypes;

namespace LeadActivity.Domain.Persistence.Postgres;

internal sealed class PostgresLeadImport(LeadActivityDatabase database) : ILeadImportStore
{
    public bool SharedByServers => true;

    public Task AfterCommitAsync() => Task.CompletedTask;

    /// <summary>
    /// The commit on PostgreSQL: the same reader, scan and batches as on SQLite, written set-based. Each batch of new
    /// leads is copied (binary COPY) into a staging table and moved into Leads with one <c>INSERT … SELECT</c>; the
    /// updates wait in a second staging table and are applied by one <c>UPDATE … FROM</c> at the end. The search
    /// column is generated, so there is nothing to index. One transaction: a failure, a cancellation or a server that
    /// dies rolls all of it back.
    /// </summary>
    public async Task<ImportTimings> CommitAsync(LeadImporter.RunContext run, LeadImportReader reader, Stopwatch phase, Action<int> rowsDone, Action? indexing,
        CancellationToken cancellationToken)
    {
        var (import, campaign) = (run.Import, run.Campaign);
        await using var connection = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var prepare = new NpgsqlCommand(PostgresLeadImportSql.Prepare, connection, transaction))
        {
            prepare.Parameters.AddWithValue("lock", AdvisoryLocks.CampaignLeads);
            prepare.Parameters.AddWithValue("campaign", campaign.Id);
            prepare.CommandTimeout = 0; // waiting for another server's import into this campaign is waiting our turn
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }
        // Read under the campaign's lock: no other import can add a number to the campaign until this one commits.
        var existing = LeadImportScan.LoadExisting(connection, transaction, import.OrganizationId, campaign.Id);
        var prepared = phase.Elapsed;
        phase.Restart();
        var scan = new LeadImportScan(existing, run.ScanBuffer, import.Rows);

        var now = UtcTicksConverter.ToTicks(run.Now);
        var created = 0;
        var staged = 0;
        await LeadImporter.WriteBatchesAsync(run, reader, scan, async batch =>
        {
            if (batch.New.Count > 0)
            {
                await CopyNewAsync(connection, batch.New, cancellationToken);
                await using var move = new NpgsqlBatch(connection, transaction)
                {
                    BatchCommands = { new NpgsqlBatchCommand(PostgresLeadImportSql.MoveStagedLeads), new NpgsqlBatchCommand(PostgresLeadImportSql.ClearStagedLeads) },
                };
                var insert = move.BatchCommands[0];
                insert.Parameters.AddWithValue("organization", import.OrganizationId);
                insert.Parameters.AddWithValue("campaign", campaign.Id);
                insert.Parameters.AddWithValue("status", LeadStatus.New.ToString());
                insert.Parameters.AddWithValue("now", now);
                insert.Parameters.AddWithValue("import", import.Id);
                await move.ExecuteNonQueryAsync(cancellationToken);
                created += checked((int)insert.RecordsAffected);
                staged += batch.New.Count;
            }
            if (batch.Updates.Count > 0)
                await CopyUpdatesAsync(connection, batch.Updates, cancellationToken);
            rowsDone(batch.RowsThrough);
        }, cancellationToken);
        var rowsWritten = phase.Elapsed;
        phase.Restart();

        var updated = 0;
        if (import.Existing == ExistingLeadAction.Update)
        {
            await using var apply = new NpgsqlCommand(PostgresLeadImportSql.ApplyUpdates, connection, transaction) { CommandTimeout = 0 };
            apply.Parameters.AddWithValue("now", now);
            apply.Parameters.AddWithValue("organization", import.OrganizationId);
            updated = await apply.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var finish = new NpgsqlCommand(PostgresLeadImportSql.Finish, connection, transaction))
        {
            finish.Parameters.AddWithValue("rows", scan.Rows);
            finish.Parameters.AddWithValue("created", created);
            finish.Parameters.AddWithValue("updated", updated);
            // A number someone else added to the campaign since the scan is a lead already there: skipped, not duplicated.
            finish.Parameters.AddWithValue("skipped", scan.DuplicatesInFile + scan.AlreadyInCampaign - updated + (staged - created));
            finish.Parameters.AddWithValue("rejected", scan.Invalid);
            finish.Parameters.AddWithValue("finished", UtcTicksConverter.ToTicks(run.Clock.GetUtcNow().UtcDateTime));
            finish.Parameters.AddWithValue("id", import.Id);
            finish.Parameters.Add(new NpgsqlParameter("node", NpgsqlDbType.Text) { Value = (object?)run.Node ?? DBNull.Value });
            if (await finish.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new ImportTakenOverException(import.Id);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var finished = phase.Elapsed;
        phase.Restart();
        await transaction.CommitAsync(CancellationToken.None);
        rowsDone(scan.Rows);
        return new ImportTimings(scan.Rows, prepared, rowsWritten, TimeSpan.Zero, finished, phase.Elapsed);
    }

    private static async Task CopyNewAsync(NpgsqlConnection connection, List<ImportedLead> leads, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(PostgresLeadImportSql.CopyLeads, cancellationToken);
        var order = 0;
        foreach (var lead in leads)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(order++, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(lead.Name, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(lead.SortName, NpgsqlDbType.Text, cancellationToken);
            await WriteTextAsync(copy, lead.Phone, cancellationToken);
            await WriteTextAsync(copy, lead.WhatsApp, cancellationToken);
            await WriteTextAsync(copy, lead.Email, cancellationToken);
            await copy.WriteAsync(lead.PhoneSuffixKeys, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(lead.FieldsJson, NpgsqlDbType.Text, cancellationToken);
            await WriteTextAsync(copy, lead.Country, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task CopyUpdatesAsync(NpgsqlConnection connection, List<(int LeadId, ImportedLead Lead)> updates, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(PostgresLeadImportSql.CopyUpdates, cancellationToken);
        foreach (var (leadId, lead) in updates)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(leadId, NpgsqlDbType.Integer, cancellationToken);
            await WriteTextAsync(copy, lead.Named ? lead.Name : null, cancellationToken);
            await WriteTextAsync(copy, lead.Named ? lead.SortName : null, cancellationToken);
            await WriteTextAsync(copy, lead.Email, cancellationToken);
            await copy.WriteAsync(lead.FieldsJson, NpgsqlDbType.Text, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
