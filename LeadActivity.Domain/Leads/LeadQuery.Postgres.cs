using System.Data.Common;
using System.Text;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// The Leads page's SQL on PostgreSQL. The search is a predicate on the generated <c>"Leads"."Search"</c> tsvector,
/// answered by its GIN index: PostgreSQL combines it with the other filters in one bitmap scan, so the hits need no
/// temporary table, and the same WHERE serves the count, the page and the status counts.
/// </summary>
public sealed partial class LeadQuery
{
    private async Task<LeadPage> PostgresPageAsync(LeadFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = await PostgresWhereAsync(connection, filter, byStatus: true, cancellationToken);
        int total;
        await using (var count = where.Command(connection, "SELECT COUNT(*) FROM \"Leads\" l"))
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken));
        if (total == 0)
            return new LeadPage([], 0, 1, filter.PageSize);
        var page = PageWithin(filter, total);

        // As on SQLite, the page's ids come first, so only the rows shown are read whole and joined to their campaign.
        var order = OrderBy(filter, nullsAsSqlite: true);
        await using var select = where.Command(connection,
            "WITH page AS (SELECT l.\"Id\" FROM \"Leads\" l",
            $"""
            ORDER BY {order} LIMIT {filter.PageSize} OFFSET {(page - 1) * filter.PageSize})
            SELECT {RowColumns} FROM page
            JOIN "Leads" l ON l."Id" = page."Id" JOIN "Campaigns" c ON c."Id" = l."CampaignId"
            ORDER BY {order}
            """);
        var rows = new List<LeadRow>(filter.PageSize);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(ReadRow(reader));
        return new LeadPage(rows, total, page, filter.PageSize);
    }

    private async Task<IReadOnlyDictionary<LeadStatus, int>> PostgresStatusCountsAsync(LeadFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = await PostgresWhereAsync(connection, filter, byStatus: false, cancellationToken);
        await using var command = where.Command(connection, "SELECT l.\"Status\", COUNT(*) FROM \"Leads\" l", "GROUP BY l.\"Status\"");
        return await ReadStatusCountsAsync(command, cancellationToken);
    }

    private async IAsyncEnumerable<LeadExportRow> PostgresExportAsync(LeadFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = await PostgresWhereAsync(connection, filter, byStatus: true, cancellationToken);
        await using var select = where.Command(connection,
            $"SELECT {RowColumns}, l.\"Fields\" FROM \"Leads\" l JOIN \"Campaigns\" c ON c.\"Id\" = l.\"CampaignId\"",
            $"ORDER BY {OrderBy(filter, nullsAsSqlite: true)}");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadExportRow(reader);
    }

    /// <summary>
    /// The WHERE clause of a filter, as on SQLite: statuses and campaign as literals, the organization a parameter.
    /// The search is parsed by <c>to_tsquery</c> with the configuration that built the vector, so the words are
    /// folded exactly as the indexed text was.
    /// </summary>
    private async Task<PostgresWhere> PostgresWhereAsync(DbConnection connection, LeadFilter filter, bool byStatus, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("WHERE l.\"OrganizationId\" = @organization");
        if (byStatus && filter.Statuses.Count > 0)
            sql.Append($" AND l.\"Status\" IN ({string.Join(", ", filter.Statuses.Select(s => $"'{s}'"))})");
        if (filter.CampaignId is { } campaignId)
            sql.Append($" AND l.\"CampaignId\" = {campaignId}");

        string? tsQuery = null;
        if (filter.Search is { } search)
        {
            var regions = LooksNumeric(search) ? await RegionsAsync(connection, scope.OrganizationId, cancellationToken) : [];
            tsQuery = LeadSearchText.ToTsQuery(search, regions);
            if (tsQuery is not null)
                sql.Append(" AND l.\"Search\" @@ to_tsquery('public.lead_search', @search)");
        }
        return new PostgresWhere(sql.ToString(), scope.OrganizationId, tsQuery);
    }

    private sealed record PostgresWhere(string Sql, int OrganizationId, string? TsQuery)
    {
        public DbCommand Command(DbConnection connection, string head, string tail = "")
        {
            var command = connection.CreateCommand();
            command.CommandText = $"{head} {Sql} {tail}";
            LeadActivityDatabase.Parameter(command, "@organization", OrganizationId);
            if (TsQuery is not null)
                LeadActivityDatabase.Parameter(command, "@search", TsQuery);
            return command;
        }
    }
}
