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
        Task.FromResult(LeadSearchText.ToTsQuery(search, regions) is not { } tsQuery
            ? where
            : where with { Sql = where.Sql + " AND l.\"Search\" @@ to_tsquery('public.lead_search', @search)", Search = tsQuery });

    public string LastActivityOrder(string direction) => $"l.\"LastActivityAt\" {direction} NULLS {(direction == "DESC" ? "LAST" : "FIRST")}";

    public string ByteOrder(string column) => $"{column} COLLATE \"C\"";

    public string LastActivityWalk => "";
}
