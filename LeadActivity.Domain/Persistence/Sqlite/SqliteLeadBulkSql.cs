using LeadActivity.Domain.Leads.Bulk;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>A bulk action's id tables: SQLite's temp schema is private to the connection, and kept until it closes.</summary>
internal sealed class SqliteLeadBulkSql : ILeadBulkSql
{
    public string FillIdTable(string table, string select) => $"""
        CREATE TEMP TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY);
        DELETE FROM temp.{table};
        INSERT INTO temp.{table} {select};
        """;
}
