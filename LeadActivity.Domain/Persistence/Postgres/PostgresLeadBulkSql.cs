using LeadActivity.Domain.Leads.Bulk;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// A bulk action's id tables: dropped with the transaction, and analysed once filled, since autovacuum never sees a
/// temporary table and the planner would otherwise guess its size (a nested loop over 100,000 ids instead of a hash join).
/// </summary>
internal sealed class PostgresLeadBulkSql : ILeadBulkSql
{
    public string FillIdTable(string table, string select) => $"""
        CREATE TEMP TABLE IF NOT EXISTS {table} (id integer PRIMARY KEY) ON COMMIT DROP;
        DELETE FROM pg_temp.{table};
        INSERT INTO pg_temp.{table} {select};
        ANALYZE pg_temp.{table};
        """;
}
