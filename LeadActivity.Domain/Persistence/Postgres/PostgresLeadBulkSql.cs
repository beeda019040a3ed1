using LeadActivity.Domain.Leads.Bulk;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// A bulk action's id tables: dropped with the transaction, and analysed once filled, since autovacuum never sees a
/// temporary table and the planner would otherwise guess its size (a nested loop over 100,000 ids instead of a hash
/// join). A delete's rows are kept as jsonb_build_object by column name and read back with jsonb_populate_record.
/// </summary>
internal sealed class PostgresLeadBulkSql : ILeadBulkSql
{
    public string FillIdTable(string table, string select) => $"""
        CREATE TEMP TABLE IF NOT EXISTS {table} (id integer PRIMARY KEY) ON COMMIT DROP;
        DELETE FROM pg_temp.{table};
        INSERT INTO pg_temp.{table} {select};
        ANALYZE pg_temp.{table};
        """;

    public string ArchiveRows(string table, IReadOnlyList<string> columns, string where) => $"""
        INSERT INTO "DeletedRows" ("OrganizationId", "BulkActionId", "TableName", "RowId", "CampaignId", "Phone", "Data")
        SELECT @organization, @bulk, '{table}', t."Id", {(table == "Leads" ? "t.\"CampaignId\", t.\"Phone\"" : "NULL, NULL")},
               jsonb_build_object({string.Join(", ", columns.Select(c => $"'{c}', t.\"{c}\""))})::text
        FROM "{table}" t WHERE {where} ORDER BY t."Id"
        """;

    // The generated search column of a restored lead is computed again on insert.
    public string RestoreRows(string table, IReadOnlyList<string> columns) => $"""
        INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
        SELECT {string.Join(", ", columns.Select(c => $"r.\"{c}\""))}
        FROM "DeletedRows" d CROSS JOIN LATERAL jsonb_populate_record(NULL::"{table}", d."Data"::jsonb) r
        WHERE d."BulkActionId" = @bulk AND d."TableName" = '{table}' ORDER BY d."RowId"
        """;

    public string IndexLeads(string leadIds) => ""; // the generated search column follows every insert
}
