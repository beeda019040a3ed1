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
    DateTime CreatedAt)
{
    /// <summary>The lead's custom field values, by key (the grid's custom field columns).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = NoFields;

    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>();
}

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
public sealed class LeadQuery(LeadActivityDatabase database, IOrganizationScope scope, TimeProvider? clock = null)
{
    private const string RowColumns =
        "l.\"Id\", l.\"Name\", l.\"Phone\", l.\"WhatsApp\", l.\"Email\", l.\"CampaignId\", c.\"Name\", l.\"Status\", l.\"LastActivityAt\", l.\"NextFollowUpAt\", l.\"CreatedAt\", l.\"Fields\"";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

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
        // Many leads in a created or follow-up range: the page walks the sort's index and checks the range on each row,
        // rather than reading the whole range through its index and sorting it (500,000 leads created on one day in a
        // million: 1.2 s against a few ms); few, the range's index finds them and they are sorted.
        if (total > OrderScanHits && filter.Search is null && (filter.Created is not null || filter.FollowUp is not null)
            && filter.SortBy is not (LeadSortField.Created or LeadSortField.NextFollowUp))
            where = await WhereAsync(connection, filter, byStatus: true, cancellationToken, walkSortOrder: true);

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

    /// <summary>The countries the organization's leads are in (from their numbers), with how many leads each, most first.</summary>
    public async Task<IReadOnlyList<(string Country, int Leads)>> CountriesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT l."Country", COUNT(*) FROM "Leads" l
            WHERE l."OrganizationId" = @organization AND l."Country" IS NOT NULL
            GROUP BY l."Country"
            """;
        LeadActivityDatabase.Parameter(command, "@organization", scope.OrganizationId);
        var countries = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            countries.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1))));
        return [.. countries.OrderByDescending(c => c.Item2).ThenBy(c => c.Item1, StringComparer.Ordinal)];
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
            $"SELECT {RowColumns} FROM \"Leads\" l JOIN \"Campaigns\" c ON c.\"Id\" = l.\"CampaignId\"",
            $"ORDER BY {OrderBy(filter)}");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadExportRow(reader);
    }

    /// <summary>
    /// The WHERE clause of a filter. Statuses and the campaign id are typed values (enum names, an int) written as
    /// literals so the planner sees them; the organization and the search text are parameters.
    /// </summary>
    internal async Task<LeadWhere> WhereAsync(DbConnection connection, LeadFilter filter, bool byStatus, CancellationToken cancellationToken, bool walkSortOrder = false)
    {
        var sql = new StringBuilder("WHERE l.\"OrganizationId\" = @organization");
        if (byStatus && filter.Statuses.Count > 0)
            sql.Append($" AND l.\"Status\" IN ({string.Join(", ", filter.Statuses.Select(s => $"'{s}'"))})");
        if (filter.CampaignId is { } campaignId)
            sql.Append($" AND l.\"CampaignId\" = {campaignId}");
        var parameters = new List<KeyValuePair<string, object>>();
        AppendMoreFilters(sql, parameters, filter, walkSortOrder);

        var where = new LeadWhere(sql.ToString(), scope.OrganizationId) { Parameters = parameters };
        if (filter.Search is not { } search)
            return where;
        var regions = LooksNumeric(search) ? await RegionsAsync(connection, scope.OrganizationId, cancellationToken) : [];
        return await Sql.SearchAsync(connection, where, search, regions, cancellationToken);
    }

    /// <summary>
    /// The richer filters. Times, outcomes and countries are typed values (ticks, enum names, checked region codes),
    /// written as literals like the statuses; custom field values are text a person typed, so they are parameters.
    /// </summary>
    /// <remarks>
    /// With <paramref name="walkSortOrder"/>, the created and follow-up columns are compared as <c>+column</c>, an
    /// expression no index answers (in either database), so the planner walks the sort's index instead.
    /// </remarks>
    private void AppendMoreFilters(StringBuilder sql, List<KeyValuePair<string, object>> parameters, LeadFilter filter, bool walkSortOrder)
    {
        static long Ticks(DateTime time) => time.Ticks;
        var unindexed = walkSortOrder ? "+" : "";
        void Range(string column, DayRange? range)
        {
            var operand = column == "CreatedAt" ? $"{unindexed}l.\"{column}\"" : $"l.\"{column}\"";
            if (range?.FromUtc is { } from)
                sql.Append($" AND {operand} >= {Ticks(from)}");
            if (range?.ToUtc is { } to)
                sql.Append($" AND {operand} < {Ticks(to)}");
        }
        string Parameter(object value)
        {
            var name = $"@p{parameters.Count}";
            parameters.Add(new(name, value));
            return name;
        }

        Range("LastActivityAt", filter.LastActivity);
        Range("CreatedAt", filter.Created);
        if (filter.NeverContacted)
            sql.Append(" AND l.\"LastActivityAt\" IS NULL");
        if (filter.LastCallOutcomes.Count > 0)
            sql.Append($" AND l.\"LastCallOutcome\" IN ({string.Join(", ", filter.LastCallOutcomes.Select(o => $"'{o}'"))})");
        if (filter.Countries.Count > 0)
            sql.Append($" AND l.\"Country\" IN ({string.Join(", ", filter.Countries.Where(c => c.All(char.IsAsciiLetterUpper)).Select(c => $"'{c}'"))})");
        if (filter.FollowUp is { } due)
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            sql.Append(due switch
            {
                FollowUpDue.None => $" AND {unindexed}l.\"NextFollowUpAt\" IS NULL",
                FollowUpDue.Overdue => $" AND {unindexed}l.\"NextFollowUpAt\" < {Ticks(now)}",
                FollowUpDue.Next24Hours => $" AND {unindexed}l.\"NextFollowUpAt\" < {Ticks(now.AddHours(24))}",
                FollowUpDue.Next7Days => $" AND {unindexed}l.\"NextFollowUpAt\" < {Ticks(now.AddDays(7))}",
                _ => $" AND {unindexed}l.\"NextFollowUpAt\" IS NOT NULL",
            });
        }
        foreach (var field in filter.Fields)
        {
            var text = Sql.FieldText(field.Key);
            switch (field.Match)
            {
                case FieldMatch.Contains:
                    sql.Append($" AND lower({text}) LIKE {Parameter("%" + EscapeLike(field.Values[0].ToLowerInvariant()) + "%")} ESCAPE '\\'");
                    break;
                case FieldMatch.Equals:
                    sql.Append($" AND lower({text}) = {Parameter(field.Values[0].ToLowerInvariant())}");
                    break;
                case FieldMatch.In:
                    sql.Append($" AND {text} IN ({string.Join(", ", field.Values.Select(v => Parameter(v)))})");
                    break;
                case FieldMatch.NumberBetween:
                    var number = Sql.FieldNumber(field.Key);
                    if (field.NumberFrom is { } min)
                        sql.Append($" AND {number} >= {Parameter((double)min)}");
                    if (field.NumberTo is { } max)
                        sql.Append($" AND {number} <= {Parameter((double)max)}");
                    break;
                case FieldMatch.DateBetween:
                    // Dates are stored as yyyy-MM-dd, which compare as text in date order.
                    if (field.From is { } first)
                        sql.Append($" AND {text} >= {Parameter(first)}");
                    if (field.To is { } last)
                        sql.Append($" AND {text} <= {Parameter(last)}");
                    break;
            }
        }
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

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
        // Columns that may be empty sort their empty cells last either way, as people expect of a sorted column.
        string EmptyLast(string expression) => $"CASE WHEN {expression} IS NULL THEN 1 ELSE 0 END, {expression} {direction}, l.\"Id\" {direction}";
        return filter.SortBy switch
        {
            LeadSortField.Name => $"l.\"SortName\" {direction}, {ByteOrder("l.\"Name\"")} {direction}, l.\"Id\" {direction}",
            LeadSortField.Status => $"l.\"Status\" {direction}, {LastActivity("DESC")}, l.\"Id\" DESC",
            LeadSortField.Created => $"l.\"Id\" {direction}",
            LeadSortField.Phone => EmptyLast("l.\"Phone\""),
            LeadSortField.WhatsApp => EmptyLast("l.\"WhatsApp\""),
            LeadSortField.NextFollowUp => EmptyLast("l.\"NextFollowUpAt\""),
            LeadSortField.Campaign => $"{ByteOrder("(SELECT sc.\"Name\" FROM \"Campaigns\" sc WHERE sc.\"Id\" = l.\"CampaignId\")")} {direction}, l.\"Id\" {direction}",
            LeadSortField.Field when filter.SortFieldKey is { } key => EmptyLast(Sql.FieldText(key)),
            LeadSortField.FieldNumber when filter.SortFieldKey is { } key => EmptyLast(Sql.FieldNumber(key)),
            _ => $"{LastActivity(direction)}, l.\"Id\" {direction}",
        };
    }

    private string ByteOrder(string column) => Sql.ByteOrder(column);

    private ILeadSearchSql Sql => database.Stores.LeadSearch;

    private static LeadRow ReadRow(DbDataReader r) => new(
        r.GetInt32(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), NullableString(r, 4), r.GetInt32(5), r.GetString(6),
        Enum.Parse<LeadStatus>(r.GetString(7)), NullableTime(r, 8), NullableTime(r, 9), Time(r.GetInt64(10)))
    {
        Fields = JsonColumn.Deserialize<Dictionary<string, string>>(r.GetString(11)),
    };

    private static LeadExportRow ReadExportRow(DbDataReader r)
    {
        var row = ReadRow(r);
        return new(row, row.Fields);
    }

    private static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTime? NullableTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetInt64(i));

    private static DateTime Time(long ticks) => new(ticks, DateTimeKind.Utc);
}
