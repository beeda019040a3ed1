using System.Data.Common;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Leads.Bulk;

/// <summary>
/// A bulk action's statements, all inside one transaction on one connection: the selected ids go into a
/// connection-private table (<see cref="Selection"/>) that each set-based statement joins, so 100,000 leads cost a few
/// statements rather than 100,000 round trips. The SQL is the same on both databases but for that table
/// (<see cref="ILeadBulkSql"/>); the organization is a parameter of every statement that reads leads.
/// </summary>
internal sealed class LeadBulkWriter(DbConnection connection, DbTransaction transaction, ILeadBulkSql sql, int organizationId)
{
    /// <summary>The ids the action works on.</summary>
    public const string Selection = "bulk_selection";

    /// <summary>Ids taken out of the selection, and why (a move's duplicates and refused fields).</summary>
    public const string Skipped = "bulk_skipped";

    /// <summary>This database's part of the SQL.</summary>
    public ILeadBulkSql Sql => sql;

    /// <summary>Fills <see cref="Selection"/> with the leads <paramref name="where"/> matches; returns how many.</summary>
    public async Task<int> SelectAsync(LeadWhere where, CancellationToken cancellationToken)
    {
        await using (var fill = Command(sql.FillIdTable(Selection, $"SELECT l.\"Id\" FROM \"Leads\" l {where.Sql}")))
        {
            if (where.Search is not null)
                LeadActivityDatabase.Parameter(fill, "@search", where.Search);
            await fill.ExecuteNonQueryAsync(cancellationToken);
        }
        return await CountAsync(Selection, cancellationToken);
    }

    /// <summary>Creates the empty <see cref="Skipped"/> table.</summary>
    public async Task PrepareSkippedAsync(CancellationToken cancellationToken)
    {
        await using var create = Command(sql.FillIdTable(Skipped, $"SELECT id FROM {Selection} WHERE 1 = 0"));
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var count = Command($"SELECT COUNT(*) FROM {table}");
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken));
    }

    public async Task<int> ExecuteAsync(string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(text, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<object?> ScalarAsync(string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(text, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public DbCommand Command(string text, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        LeadActivityDatabase.Parameter(command, "@organization", organizationId);
        foreach (var (name, value) in parameters)
            LeadActivityDatabase.Parameter(command, name, value);
        return command;
    }
}
