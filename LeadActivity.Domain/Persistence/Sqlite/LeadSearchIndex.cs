using LeadActivity.Domain.Leads;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// Adds new leads to the <c>LeadSearch</c> full-text index (see the LeadSearchIndex migration for why inserts are not
/// a trigger). Updates and deletes are kept in step by triggers.
/// </summary>
internal static class LeadSearchIndex
{
    public const string InsertSql =
        "INSERT INTO \"LeadSearch\" (rowid, name, email, fields, phones) VALUES ($id, $name, $email, $fields, $phones)";

    /// <summary>
    /// Indexes the leads an import (<c>$import</c>) created, ids <c>$first</c> to <c>$last</c>, in one statement (see the
    /// import for why one). The id range is the import's own: it holds the write lock while it inserts them.
    /// </summary>
    public const string AddImportedSql = """
        INSERT INTO "LeadSearch" (rowid, name, email, fields, phones)
        SELECT "Id", "Name", "Email", (SELECT group_concat(value, ' ') FROM json_each("Fields")), "PhoneSuffixKeys"
        FROM "Leads" WHERE "Id" BETWEEN $first AND $last AND "ImportId" = $import
        """;

    /// <summary>What the index holds of the custom fields: their values, space-separated (as the update trigger writes).</summary>
    public static string FieldsText(IReadOnlyDictionary<string, string> fields) => string.Join(' ', fields.Values);

    public static async Task AddAsync(LeadActivityDbContext db, IEnumerable<Lead> leads, CancellationToken cancellationToken)
    {
        foreach (var lead in leads)
        {
            await db.Database.ExecuteSqlRawAsync(InsertSql.Replace("$", "@"),
            [
                new SqliteParameter("@id", lead.Id),
                new SqliteParameter("@name", lead.Name),
                new SqliteParameter("@email", (object?)lead.Email ?? DBNull.Value),
                new SqliteParameter("@fields", FieldsText(lead.Fields)),
                new SqliteParameter("@phones", lead.PhoneSuffixKeys),
            ], cancellationToken);
        }
    }
}
