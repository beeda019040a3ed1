using System.Data.Common;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// The Leads page's search as a predicate on the generated tsvector column, answered by its GIN index together with
/// the other filters; the text is parsed by to_tsquery with the configuration that built the vector, so it is folded
/// the same way. NULLs are placed as SQLite places them, and names compared under the "C" collation, as the indexes are.
/// </summary>
internal sealed class PostgresLeadSearchSql : ILeadSearchSql
{
    public Task<LeadWhere> SearchAsync(DbConnection connection, LeadWhere where, string search, IReadOnlyList<string> regions, CancellationToken cancellationToken) =>
        Task.FromResult(TsQuery(search, regions) is not { } tsQuery
            ? where
            : where with { Sql = where.Sql + " AND l.\"Search\" @@ to_tsquery('public.lead_search', @search)", Search = tsQuery });

    /// <summary>
    /// The same search as SQLite's, as the text of a tsquery for to_tsquery('public.lead_search', …): that configuration
    /// (the one that built the vector) folds case and accents, so the words are passed as typed. Words are prefixes of
    /// weight-A lexemes, phone suffixes prefixes of weight-B ones. Null: nothing to search for.
    /// </summary>
    internal static string? TsQuery(string? text, IEnumerable<string> regions)
    {
        if (LeadSearchTerms.Read(text, regions) is not { } terms)
            return null;
        var wordMatch = string.Join(" & ", terms.Words.Select(w => LexemePrefix(w, 'A')));
        if (terms.PhoneSuffixes.Count == 0)
            return wordMatch;
        var phoneMatch = string.Join(" | ", terms.PhoneSuffixes.Select(s => LexemePrefix(s, 'B')));
        return terms.WordsToo ? $"({phoneMatch}) | ({wordMatch})" : phoneMatch;
    }

    /// <summary>
    /// A quoted lexeme matched by prefix at one weight. Words are letters and digits only, so the quotes never need
    /// escaping; quoting keeps tsquery's operators and to_tsquery's parser from reading anything else into them.
    /// </summary>
    private static string LexemePrefix(string word, char weight) => $"'{word}':*{weight}";

    public string LastActivityOrder(string direction) => $"l.\"LastActivityAt\" {direction} NULLS {(direction == "DESC" ? "LAST" : "FIRST")}";

    public string ByteOrder(string column) => $"{column} COLLATE \"C\"";

    public string LastActivityWalk => "";

    public string FieldText(string key) => $"(l.\"Fields\"::jsonb ->> '{key}')";

    // Values of number fields are stored checked (invariant decimals); anything else, from before a type change, is no number.
    public string FieldNumber(string key) =>
        $"(CASE WHEN {FieldText(key)} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN {FieldText(key)}::double precision END)";
}
