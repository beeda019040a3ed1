using LeadActivity.Domain.Leads.Bulk;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// A bulk action's id tables (SQLite's temp schema is private to the connection, and kept until it closes), and a
/// delete's rows kept as json_object by column name, read back with json_extract.
/// </summary>
internal sealed class SqliteLeadBulkSql : ILeadBulkSql
{
    public string FillIdTable(string table, string select) => $"""
        CREATE TEMP TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY);
        DELETE FROM temp.{table};
        INSERT INTO temp.{table} {select};
        """;

    public string ArchiveRows(string table, IReadOnlyList<string> columns, string where) => $"""
        INSERT INTO "DeletedRows" ("OrganizationId", "BulkActionId", "TableName", "RowId", "CampaignId", "Phone", "Data")
        SELECT @organization, @bulk, '{table}', t."Id", {(table == "Leads" ? "t.\"CampaignId\", t.\"Phone\"" : "NULL, NULL")},
               json_object({string.Join(", ", columns.Select(c => $"'{c}', t.\"{c}\""))})
        FROM "{table}" t WHERE {where} ORDER BY t."Id"
        """;

    public string RestoreRows(string table, IReadOnlyList<string> columns) => $"""
        INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
        SELECT {string.Join(", ", columns.Select(c => $"json_extract(d.\"Data\", '$.{c}')"))}
        FROM "DeletedRows" d WHERE d."BulkActionId" = @bulk AND d."TableName" = '{table}' ORDER BY d."RowId"
        """;

    // The delete trigger took them out of the FTS5 index; inserts are indexed by whoever inserts (see LeadSearchIndex).
    public string IndexLeads(string leadIds) => $"""
        INSERT INTO "LeadSearch" (rowid, name, email, fields, phones)
        SELECT l."Id", l."Name", l."Email", (SELECT group_concat(value, ' ') FROM json_each(l."Fields")), l."PhoneSuffixKeys"
        FROM "Leads" l WHERE l."Id" IN ({leadIds})
        """;
}
