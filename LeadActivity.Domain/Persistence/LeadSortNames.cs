using System.Data.Common;
using LeadActivity.Domain.Leads;
using Npgsql;
using NpgsqlTypes;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// Writes the sort key (<see cref="LeadName.SortKey"/>) of leads stored before there was one. Neither database can
/// compute it in SQL (SQLite folds no accents; PostgreSQL's unaccent is not the same folding), so it is done here, at
/// start-up after the migrations, a batch per transaction. The rows still missing a key are found by a partial index
/// that is empty once they are done, so a start-up with nothing to do costs one index probe.
/// </summary>
internal static class LeadSortNames
{
    private const int BatchSize = 5_000;

    /// <summary>Keys every lead without one; returns how many it keyed.</summary>
    public static async Task<int> BackfillAsync(LeadActivityDatabase database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keyed = 0;
        var after = 0;
        while (true)
        {
            var batch = await MissingAsync(connection, after, cancellationToken);
            if (batch.Count == 0)
            {
                if (keyed > 0 && connection is NpgsqlConnection postgres)
                    await VacuumAsync(postgres, cancellationToken);
                return keyed;
            }
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                if (connection is NpgsqlConnection postgres)
                    await WriteAsync(postgres, (NpgsqlTransaction)transaction, batch, cancellationToken);
                else
                    await WriteAsync(connection, transaction, batch, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            keyed += batch.Count;
            after = batch[^1].Id;
        }
    }

    /// <summary>
    /// Every row keyed is a row rewritten: until a vacuum marks its pages visible again, PostgreSQL's counts and pages
    /// read the table instead of its indexes (300k leads, measured: a page by status 47 ms, vacuumed 11 ms). Done
    /// once, here, rather than left to autovacuum's turn.
    /// </summary>
    private static async Task VacuumAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var vacuum = new NpgsqlCommand("""VACUUM (ANALYZE) "Leads" """, connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<(int Id, string Name)>> MissingAsync(DbConnection connection, int after, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT "Id", "Name" FROM "Leads" WHERE "SortName" IS NULL AND "Id" > @after ORDER BY "Id" LIMIT {BatchSize}
            """;
        LeadActivityDatabase.Parameter(command, "@after", after);
        var rows = new List<(int, string)>(BatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>SQLite: one prepared statement, run per row inside the batch's transaction.</summary>
    private static async Task WriteAsync(DbConnection connection, DbTransaction transaction, List<(int Id, string Name)> batch, CancellationToken cancellationToken)
    {
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """UPDATE "Leads" SET "SortName" = @key WHERE "Id" = @id""";
        var key = LeadActivityDatabase.Parameter(update, "@key", "");
        var id = LeadActivityDatabase.Parameter(update, "@id", 0);
        update.Prepare();
        foreach (var (leadId, name) in batch)
        {
            key.Value = LeadName.SortKey(name);
            id.Value = leadId;
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>PostgreSQL: the batch's keys as two arrays, one statement (a round trip per row would dominate).</summary>
    private static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(int Id, string Name)> batch, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand("""
            UPDATE "Leads" AS l SET "SortName" = k.key FROM unnest(@ids, @keys) AS k(id, key) WHERE l."Id" = k.id
            """, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = batch.Select(r => r.Id).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(r => LeadName.SortKey(r.Name)).ToArray() });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
