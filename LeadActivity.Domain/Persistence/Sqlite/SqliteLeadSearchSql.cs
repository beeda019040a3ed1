using System.Data.Common;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>The Leads page's search through the FTS5 index (<c>LeadSearch</c>); SQLite sorts NULL first and compares text by bytes.</summary>
internal sealed class SqliteLeadSearchSql : ILeadSearchSql
{
    public async Task<LeadWhere> SearchAsync(DbConnection connection, LeadWhere where, string search, IReadOnlyList<string> regions, CancellationToken cancellationToken)
    {
        if (MatchExpression(search, regions) is not { } match)
            return where;
        var hits = await CollectHitsAsync(connection, where, match, cancellationToken);
        return new LeadWhere("WHERE l.\"OrganizationId\" = @organization AND l.\"Id\" IN (SELECT id FROM temp.lead_hits)", where.OrganizationId, hits);
    }

    /// <summary>
    /// The FTS5 query of a search (columns name, email, fields, phones): words by prefix in the text columns, phone
    /// suffixes by prefix in phones; case and accents are folded by the index's tokenizer. Null: nothing to search for.
    /// </summary>
    internal static string? MatchExpression(string? text, IEnumerable<string> regions)
    {
        if (LeadSearchTerms.Read(text, regions) is not { } terms)
            return null;
        var wordMatch = $"{TextColumns} : ({string.Join(" AND ", terms.Words.Select(Prefix))})";
        if (terms.PhoneSuffixes.Count == 0)
            return wordMatch;
        var phoneMatch = $"phones : ({string.Join(" OR ", terms.PhoneSuffixes.Select(Prefix))})";
        return terms.WordsToo ? $"{phoneMatch} OR {wordMatch}" : phoneMatch;
    }

    private const string TextColumns = "{name email fields}";

    private static string Prefix(string word) => $"\"{word.Replace("\"", "\"\"")}\"*";

    public string LastActivityOrder(string direction) => $"l.\"LastActivityAt\" {direction}";

    public string ByteOrder(string column) => column;

    public string LastActivityWalk => "INDEXED BY \"IX_Leads_OrganizationId_LastActivityAt\"";

    public string FieldText(string key) => $"(l.\"Fields\" ->> '$.{key}')";

    public string FieldNumber(string key) => $"CAST(l.\"Fields\" ->> '$.{key}' AS REAL)";

    /// <summary>
    /// Runs the full-text match and the other filters once per request into a connection-private temporary table of
    /// matching ids, which the count and the page then read: matching a common prefix and checking each hit's
    /// status and campaign cost more than the rest of the query. Returns how many leads matched.
    /// </summary>
    private static async Task<int> CollectHitsAsync(DbConnection connection, LeadWhere where, string match, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TEMP TABLE IF NOT EXISTS lead_hits (id INTEGER PRIMARY KEY);
            DELETE FROM temp.lead_hits;
            INSERT INTO temp.lead_hits
            SELECT l."Id" FROM "Leads" l {where.Sql} AND l."Id" IN (SELECT rowid FROM "LeadSearch" WHERE "LeadSearch" MATCH @match);
            SELECT COUNT(*) FROM temp.lead_hits;
            """;
        LeadActivityDatabase.Parameter(command, "@match", match);
        where.Bind(command);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }
}
