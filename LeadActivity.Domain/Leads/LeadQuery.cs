using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using LeadActivity.Domain.Persistence;
using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Leads;

/// <summary>A lead as a row of the Leads grid.</summary>
public sealed record LeadRow(
    int Id,
    string Name,
    string? Phone,
    string? WhatsApp,
    string? Email,
    int CampaignId,
    string CampaignName,
    LeadStatus Status,
    DateTime? LastActivityAt,
    DateTime? NextFollowUpAt,
    DateTime CreatedAt);

/// <summary>A lead as a row of the CSV export: the grid's columns plus its custom field values.</summary>
public sealed record LeadExportRow(LeadRow Lead, IReadOnlyDictionary<string, string> Fields);

/// <summary>One page of the Leads grid, with the total under the filter and the page actually shown.</summary>
public sealed record LeadPage(IReadOnlyList<LeadRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The query behind the Leads page, its status chips and its export: filter by status and campaign, search by name,
/// phone, email or custom field through the full-text index, sort, page.
/// </summary>
/// <remarks>
/// Hand-written SQL rather than LINQ: the search benchmark showed EF's query shapes and per-query overhead at two to
/// ten times the SQL's cost. The organization comes from the same <see cref="IOrganizationScope"/> as the DbContext's
/// filter; it is applied here explicitly because that filter does not see raw SQL. The databases share the SQL but
/// for the search and parts of the sort (<see cref="ILeadSearchSql"/>); both give the same rows, totals and counts for
/// the same filter.
/// </remarks>
public sealed class LeadQuery(LeadActivityDatabase database, IOrganizationScope scope)
{
    private const string RowColumns =
        "l.\"Id\", l.\"Name\", l.\"Phone\", l.\"WhatsApp\", l.\"Email\", l.\"CampaignId\", c.\"Name\", l.\"Status\", l.\"LastActivityAt\", l.\"NextFollowUpAt\", l.\"CreatedAt\"";

    /// <summary>
    /// Searches with more hits than this are paged by walking the last-activity index and probing the hits, rather
    /// than sorting every hit: with 2,000 hits in a million leads, 50 are found within about 25,000 index entries.
    /// </summary>
    private const int OrderScanHits = 2_000;

    /// <summary>The page <paramref name="filter"/> asks for (the last one if it asks past the end) and the total.</summary>
    public async Task<LeadPage> PageAsync(LeadFilter filter, CancellationToken cancellationToken = default)
    {
        filter = filter with { Page = Math.Max(1, filter.Page), PageSize = Math.Clamp(filter.PageSize, 1, 1000) };
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = await WhereAsync(connection, filter, byStatus: true, cancellationToken);
        var total = where.Hits ?? await CountAsync(connection, where, cancellationToken);
        if (total == 0)
            return new LeadPage([], 0, 1, filter.PageSize);
        var page = PageWithin(filter, total);

        var order = OrderBy(filter);
        // Search hits counted up front (on a database that collects them) are, when many, paged along the index.
        var walkIndex = where.Hits is not null && filter.SortBy == LeadSortField.LastActivity && total > OrderScanHits
            ? Sql.LastActivityWalk
            : "";
        // The page's ids come from narrow index entries; only those rows are then read whole.
        await using var select = where.Command(connection,
            $"WITH page AS (SELECT l.\"Id\" FROM \"Leads\" l {walkIndex}",
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

    /// <summary>The page asked for, or the last one when it asks past the end.</summary>
    private static int PageWithin(LeadFilter filter, int total) => Math.Min(filter.Page, (total + filter.PageSize - 1) / filter.PageSize);

    /// <summary>Counted from the covering indexes of status and campaign.</summary>
    private static async Task<int> CountAsync(DbConnection connection, LeadWhere where, CancellationToken cancellationToken)
    {
        await using var count = where.Command(connection, "SELECT COUNT(*) FROM \"Leads\" l");
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>The current state of the given leads (those of the organization), for refreshing rows in place.</summary>
    public async Task<IReadOnlyList<LeadRow>> RowsAsync(IReadOnlyCollection<int> leadIds, CancellationToken cancellationToken = default)
    {
        if (leadIds.Count == 0)
            return [];
        // The same SQL on both providers: the ids are ints, written as literals.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {RowColumns} FROM "Leads" l JOIN "Campaigns" c ON c."Id" = l."CampaignId"
            WHERE l."OrganizationId" = @organization AND l."Id" IN ({string.Join(", ", leadIds)})
            """;
        LeadActivityDatabase.Parameter(command, "@organization", scope.OrganizationId);
        var rows = new List<LeadRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(ReadRow(reader));
        return rows;
    }

    /// <summary>How many leads have each status under the filter's other criteria (campaign, search).</summary>
    public async Task<IReadOnlyDictionary<LeadStatus, int>> StatusCountsAsync(LeadFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = await WhereAsync(connection, filter, byStatus: false, cancellationToken);
        await using var command = where.Command(connection, "SELECT l.\"Status\", COUNT(*) FROM \"Leads\" l", "GROUP BY l.\"Status\"");
        return await ReadStatusCountsAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<LeadStatus, int>> ReadStatusCountsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var counts = Enum.GetValues<LeadStatus>().ToDictionary(s => s, _ => 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<LeadStatus>(reader.GetString(0), out var status))
                counts[status] = Convert.ToInt32(reader.GetValue(1)); // SQLite's COUNT reads as an int, PostgreSQL's is a bigint
        }
        return counts;
    }

    /// <summary>Every lead under the filter, in its sort order, streamed.</summary>
    public IAsyncEnumerable<LeadExportRow> ExportAsync(LeadFilter filter, CancellationToken cancellationToken = default) =>
        ExportAsync(filter, (connection, token) => WhereAsync(connection, filter, byStatus: true, token), cancellationToken);

    /// <summary>Every lead <paramref name="whereOf"/> selects, in <paramref name="filter"/>'s sort order, streamed (a bulk selection's export).</summary>
    internal async IAsyncEnumerable<LeadExportRow> ExportAsync(LeadFilter filter, Func<DbConnection, CancellationToken, Task<LeadWhere>> whereOf,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = await whereOf(connection, cancellationToken);
        await using var select = where.Command(connection,
            $"SELECT {RowColumns}, l.\"Fields\" FROM \"Leads\" l JOIN \"Campaigns\" c ON c.\"Id\" = l.\"CampaignId\"",
            $"ORDER BY {OrderBy(filter)}");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadExportRow(reader);
    }

    /// <summary>
    /// The WHERE clause of a filter. Statuses and the campaign id are typed values (enum names, an int) written as
    /// literals so the planner sees them; the organization and the search text are parameters.
    /// </summary>
    internal async Task<LeadWhere> WhereAsync(DbConnection connection, LeadFilter filter, bool byStatus, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("WHERE l.\"OrganizationId\" = @organization");
        if (byStatus && filter.Statuses.Count > 0)
            sql.Append($" AND l.\"Status\" IN ({string.Join(", ", filter.Statuses.Select(s => $"'{s}'"))})");
        if (filter.CampaignId is { } campaignId)
            sql.Append($" AND l.\"CampaignId\" = {campaignId}");

        var where = new LeadWhere(sql.ToString(), scope.OrganizationId);
        if (filter.Search is not { } search)
            return where;
        var regions = LooksNumeric(search) ? await RegionsAsync(connection, scope.OrganizationId, cancellationToken) : [];
        return await Sql.SearchAsync(connection, where, search, regions, cancellationToken);
    }

    /// <summary>Only a national-format number needs the campaigns' regions to be read; one with "+" or "00" does not.</summary>
    private static bool LooksNumeric(string text)
    {
        var trimmed = text.TrimStart();
        return !trimmed.StartsWith('+') && !trimmed.StartsWith("00", StringComparison.Ordinal) && text.Count(char.IsAsciiDigit) >= 4;
    }

    private static async Task<List<string>> RegionsAsync(DbConnection connection, int organizationId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT \"DefaultRegion\" FROM \"Campaigns\" WHERE \"OrganizationId\" = @organization";
        LeadActivityDatabase.Parameter(command, "@organization", organizationId);
        var regions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            regions.Add(reader.GetString(0));
        return regions;
    }

    /// <summary>
    /// The sort. Leads never active go last when newest first, first when oldest first. By name is by
    /// <see cref="Lead.SortName"/> (accents and case folded), then names that fold alike by their characters ("Emile"
    /// before "Émile"), then by id, text compared byte by byte whatever the database's collation.
    /// </summary>
    private string OrderBy(LeadFilter filter)
    {
        var direction = filter.Descending ? "DESC" : "ASC";
        string LastActivity(string order) => Sql.LastActivityOrder(order);
        return filter.SortBy switch
        {
            LeadSortField.Name => $"l.\"SortName\" {direction}, {ByteOrder("l.\"Name\"")} {direction}, l.\"Id\" {direction}",
            LeadSortField.Status => $"l.\"Status\" {direction}, {LastActivity("DESC")}, l.\"Id\" DESC",
            LeadSortField.Created => $"l.\"Id\" {direction}",
            _ => $"{LastActivity(direction)}, l.\"Id\" {direction}",
        };
    }

    private string ByteOrder(string column) => Sql.ByteOrder(column);

    private ILeadSearchSql Sql => database.Stores.LeadSearch;

    private static LeadRow ReadRow(DbDataReader r) => new(
        r.GetInt32(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), NullableString(r, 4), r.GetInt32(5), r.GetString(6),
        Enum.Parse<LeadStatus>(r.GetString(7)), NullableTime(r, 8), NullableTime(r, 9), Time(r.GetInt64(10)));

    private static LeadExportRow ReadExportRow(DbDataReader r) =>
        new(ReadRow(r), JsonColumn.Deserialize<Dictionary<string, string>>(r.GetString(11)));

    private static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTime? NullableTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetInt64(i));

    private static DateTime Time(long ticks) => new(ticks, DateTimeKind.Utc);
}
