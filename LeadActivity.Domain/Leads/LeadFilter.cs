using System.Globalization;

namespace LeadActivity.Domain.Leads;

public enum LeadSortField { LastActivity, Name, Status, Created }

/// <summary>
/// A view of the Leads page: statuses, campaign, search text, sort and page. It round-trips through the URL's query
/// string, where anything malformed is ignored rather than refused, so a hand-edited or stale link still opens.
/// </summary>
public sealed record LeadFilter
{
    public static readonly int[] PageSizes = [25, 50, 100];
    public const int DefaultPageSize = 25;

    /// <summary>
    /// The longest search kept: longer text is cut, so the view's URL stays far below what servers and browsers
    /// accept (a 10,000-character search put in the URL made a reload answer 414).
    /// </summary>
    public const int MaxSearchLength = 200;

    public IReadOnlyList<LeadStatus> Statuses { get; init; } = [];
    public int? CampaignId { get; init; }
    public string? Search { get; init; }
    public LeadSortField SortBy { get; init; } = LeadSortField.LastActivity;
    public bool Descending { get; init; } = true;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public static LeadFilter Default { get; } = new();

    /// <summary>Reads a filter from query-string values (<paramref name="get"/> returns null for a missing key).</summary>
    public static LeadFilter FromQuery(Func<string, string?> get)
    {
        var statuses = (get("status") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => LeadStatusExtensions.TryParseSlug(s, out var status) ? status : (LeadStatus?)null)
            .OfType<LeadStatus>()
            .Distinct()
            .Order()
            .ToList();
        var (sortBy, descending) = ParseSort(get("sort"));
        var pageSize = PositiveInt(get("pageSize")) is { } size && PageSizes.Contains(size) ? size : DefaultPageSize;
        return new LeadFilter
        {
            Statuses = statuses,
            CampaignId = PositiveInt(get("campaign")),
            Search = SearchOf(get("q")),
            SortBy = sortBy,
            Descending = descending,
            Page = PositiveInt(get("page")) ?? 1,
            PageSize = pageSize,
        };
    }

    /// <summary>The non-default parts as query-string pairs, in a stable order (null values drop the key).</summary>
    public IReadOnlyDictionary<string, string?> ToQuery() => new Dictionary<string, string?>
    {
        ["status"] = Statuses.Count == 0 ? null : string.Join(",", Statuses.Select(s => s.Slug())),
        ["campaign"] = CampaignId?.ToString(CultureInfo.InvariantCulture),
        ["q"] = Search,
        ["sort"] = SortBy == Default.SortBy && Descending == Default.Descending ? null : SortToken,
        ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
        ["pageSize"] = PageSize == DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Search text as the filter keeps it: trimmed, empty as none, cut to <see cref="MaxSearchLength"/>.</summary>
    public static string? SearchOf(string? text)
    {
        var search = text?.Trim();
        return string.IsNullOrEmpty(search) ? null : search[..Math.Min(search.Length, MaxSearchLength)].TrimEnd();
    }

    /// <summary>Whether <see cref="SearchOf"/> cuts <paramref name="text"/>.</summary>
    public static bool IsSearchTooLong(string? text) => (text?.Trim().Length ?? 0) > MaxSearchLength;

    public string SortToken => $"{SortNames[SortBy]}-{(Descending ? "desc" : "asc")}";

    /// <summary>Sorting by a column: the first click sorts it ascending (dates newest first), the next flips it.</summary>
    public LeadFilter SortedBy(LeadSortField field) => field == SortBy
        ? this with { Descending = !Descending, Page = 1 }
        : this with { SortBy = field, Descending = field is LeadSortField.LastActivity or LeadSortField.Created, Page = 1 };

    public bool IsFiltered => Statuses.Count > 0 || CampaignId is not null || Search is not null;

    private static readonly Dictionary<LeadSortField, string> SortNames = new()
    {
        [LeadSortField.LastActivity] = "lastActivity",
        [LeadSortField.Name] = "name",
        [LeadSortField.Status] = "status",
        [LeadSortField.Created] = "created",
    };

    private static (LeadSortField, bool) ParseSort(string? token)
    {
        var parts = (token ?? "").Split('-', 2);
        var field = SortNames.FirstOrDefault(p => string.Equals(p.Value, parts[0], StringComparison.OrdinalIgnoreCase));
        if (field.Value is null)
            return (Default.SortBy, Default.Descending);
        var descending = parts.Length == 2
            ? string.Equals(parts[1], "desc", StringComparison.OrdinalIgnoreCase)
            : field.Key is LeadSortField.LastActivity or LeadSortField.Created;
        return (field.Key, descending);
    }

    private static int? PositiveInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
