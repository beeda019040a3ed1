using System.Globalization;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;

namespace LeadActivity.Domain.Leads;

public enum LeadSortField { LastActivity, Name, Status, Created, Phone, WhatsApp, Campaign, NextFollowUp, Field, FieldNumber }

/// <summary>
/// A view of the Leads page: statuses, campaign, search text, the richer filters (custom field values, last-activity
/// and created days, the last call's outcome, country, follow-up due, never contacted), sort, columns and page. It
/// round-trips through the URL's query string, where anything malformed is ignored rather than refused, so a
/// hand-edited or stale link still opens.
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

    /// <summary>Field filters and columns kept from one URL, so a hand-made one cannot grow the SQL without bound.</summary>
    public const int MaxFieldFilters = 10, MaxColumns = 30;

    public const int MinColumnWidth = 60, MaxColumnWidth = 800;

    public IReadOnlyList<LeadStatus> Statuses { get; init; } = [];
    public int? CampaignId { get; init; }
    public string? Search { get; init; }
    public IReadOnlyList<LeadFieldFilter> Fields { get; init; } = [];
    public DayRange? LastActivity { get; init; }
    public DayRange? Created { get; init; }
    public IReadOnlyList<CallOutcome> LastCallOutcomes { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public FollowUpDue? FollowUp { get; init; }
    public bool NeverContacted { get; init; }
    public LeadSortField SortBy { get; init; } = LeadSortField.LastActivity;

    /// <summary>The custom field sorted by, for <see cref="LeadSortField.Field"/> and <see cref="LeadSortField.FieldNumber"/>.</summary>
    public string? SortFieldKey { get; init; }

    public bool Descending { get; init; } = true;

    /// <summary>The grid's columns in order (keys of <see cref="LeadColumns"/>); empty shows <see cref="LeadColumns.Default"/>.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Widths in pixels of columns a person resized.</summary>
    public IReadOnlyDictionary<string, int> Widths { get; init; } = NoWidths;

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    private static readonly IReadOnlyDictionary<string, int> NoWidths = new Dictionary<string, int>();

    public static LeadFilter Default { get; } = new();

    /// <summary>The columns shown: the view's own, or the default ones.</summary>
    public IReadOnlyList<string> ShownColumns => Columns.Count > 0 ? Columns : LeadColumns.Default;

    /// <summary>Reads a filter from query-string values (<paramref name="get"/> returns null for a missing key); no field filters.</summary>
    public static LeadFilter FromQuery(Func<string, string?> get) => FromQuery(get, []);

    /// <summary>Reads a filter from a query string's pairs (a repeated key's values joined by commas).</summary>
    public static LeadFilter FromQuery(IEnumerable<KeyValuePair<string, string?>> query)
    {
        var pairs = query.GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (string?)string.Join(",", g.Select(p => p.Value)), StringComparer.Ordinal);
        return FromQuery(key => pairs.GetValueOrDefault(key), pairs.Keys);
    }

    private static LeadFilter FromQuery(Func<string, string?> get, IEnumerable<string> keys)
    {
        var statuses = List(get("status"))
            .Select(s => LeadStatusExtensions.TryParseSlug(s, out var status) ? status : (LeadStatus?)null)
            .OfType<LeadStatus>()
            .Distinct()
            .Order()
            .ToList();
        var (sortBy, sortKey, descending) = ParseSort(get("sort"));
        var pageSize = PositiveInt(get("pageSize")) is { } size && PageSizes.Contains(size) ? size : DefaultPageSize;
        var fields = keys.Where(k => k.StartsWith(LeadFieldFilter.QueryPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(k => LeadFieldFilter.Parse(k[LeadFieldFilter.QueryPrefix.Length..], get(k)))
            .OfType<LeadFieldFilter>()
            .Take(MaxFieldFilters)
            .ToList();
        var outcomes = List(get("outcome"))
            .Select(s => Enum.TryParse<CallOutcome>(s, ignoreCase: true, out var o) && Enum.IsDefined(o) && !int.TryParse(s, out _) ? o : (CallOutcome?)null)
            .OfType<CallOutcome>().Distinct().Order().ToList();
        var countries = List(get("country"))
            .Select(c => c.ToUpperInvariant())
            .Where(c => c.Length == 2 && PhoneNumberRules.SupportedRegions.Contains(c))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = List(get("cols")).Where(LeadColumns.IsValid).Distinct().Take(MaxColumns).ToList();
        var widths = List(get("w"))
            .Select(p => p.Split(':', 2))
            .Where(p => p.Length == 2 && LeadColumns.IsValid(p[0]) && PositiveInt(p[1]) is not null)
            .GroupBy(p => p[0])
            .Take(MaxColumns)
            .ToDictionary(g => g.Key, g => Math.Clamp(PositiveInt(g.First()[1])!.Value, MinColumnWidth, MaxColumnWidth));
        return new LeadFilter
        {
            Statuses = statuses,
            CampaignId = PositiveInt(get("campaign")),
            Search = SearchOf(get("q")),
            Fields = OrEmpty(fields),
            LastActivity = DayRange.Parse(get("active")),
            Created = DayRange.Parse(get("created")),
            LastCallOutcomes = OrEmpty(outcomes),
            Countries = OrEmpty(countries),
            FollowUp = DueNames.FirstOrDefault(p => p.Value == get("due")?.Trim().ToLowerInvariant()) is { Value: not null } due ? due.Key : null,
            NeverContacted = get("never") is "1" or "true",
            SortBy = sortBy,
            SortFieldKey = sortKey,
            Descending = descending,
            Columns = columns.SequenceEqual(LeadColumns.Default) ? [] : OrEmpty(columns),
            Widths = widths.Count == 0 ? NoWidths : widths,
            Page = PositiveInt(get("page")) ?? 1,
            PageSize = pageSize,
        };
    }

    /// <summary>The non-default parts as query-string pairs, in a stable order (null values drop the key).</summary>
    public IReadOnlyDictionary<string, string?> ToQuery()
    {
        var query = new Dictionary<string, string?>
        {
            ["status"] = Statuses.Count == 0 ? null : string.Join(",", Statuses.Select(s => s.Slug())),
            ["campaign"] = CampaignId?.ToString(CultureInfo.InvariantCulture),
            ["q"] = Search,
        };
        foreach (var field in Fields)
            query[LeadFieldFilter.QueryPrefix + field.Key] = field.QueryValue;
        query["active"] = LastActivity?.ToString();
        query["created"] = Created?.ToString();
        query["outcome"] = LastCallOutcomes.Count == 0 ? null : string.Join(",", LastCallOutcomes);
        query["country"] = Countries.Count == 0 ? null : string.Join(",", Countries);
        query["due"] = FollowUp is { } due ? DueNames[due] : null;
        query["never"] = NeverContacted ? "1" : null;
        query["sort"] = SortBy == Default.SortBy && Descending == Default.Descending ? null : SortToken;
        query["cols"] = Columns.Count == 0 ? null : string.Join(",", Columns);
        query["w"] = Widths.Count == 0 ? null : string.Join(",", Widths.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}:{w.Value}"));
        query["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture);
        query["pageSize"] = PageSize == DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture);
        return query;
    }

    /// <summary>The view as a saved view keeps it: the query string of everything but the page.</summary>
    public string ViewQuery() => string.Join("&", (this with { Page = 1 }).ToQuery()
        .Where(p => p.Value is not null)
        .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>Search text as the filter keeps it: trimmed, empty as none, cut to <see cref="MaxSearchLength"/>.</summary>
    public static string? SearchOf(string? text)
    {
        var search = text?.Trim();
        return string.IsNullOrEmpty(search) ? null : search[..Math.Min(search.Length, MaxSearchLength)].TrimEnd();
    }

    /// <summary>Whether <see cref="SearchOf"/> cuts <paramref name="text"/>.</summary>
    public static bool IsSearchTooLong(string? text) => (text?.Trim().Length ?? 0) > MaxSearchLength;

    public string SortToken => SortBy is LeadSortField.Field or LeadSortField.FieldNumber
        ? $"{(SortBy == LeadSortField.Field ? "f." : "n.")}{SortFieldKey}-{(Descending ? "desc" : "asc")}"
        : $"{SortNames[SortBy]}-{(Descending ? "desc" : "asc")}";

    /// <summary>Sorting by a column: the first click sorts it ascending (dates newest first), the next flips it.</summary>
    public LeadFilter SortedBy(LeadSortField field, string? fieldKey = null) => field == SortBy && fieldKey == SortFieldKey
        ? this with { Descending = !Descending, Page = 1 }
        : this with { SortBy = field, SortFieldKey = fieldKey, Descending = NewestFirst(field), Page = 1 };

    /// <summary>Whether the view is sorted by <paramref name="field"/> (and, for a custom field, that one).</summary>
    public bool IsSortedBy(LeadSortField field, string? fieldKey = null) => SortBy == field && SortFieldKey == fieldKey;

    public bool IsFiltered => Statuses.Count > 0 || CampaignId is not null || Search is not null || HasMoreFilters;

    /// <summary>Whether any filter beyond statuses, campaign and search is set.</summary>
    public bool HasMoreFilters => Fields.Count > 0 || LastActivity is not null || Created is not null || LastCallOutcomes.Count > 0
                                  || Countries.Count > 0 || FollowUp is not null || NeverContacted;

    /// <summary>The view without any filter, keeping its sort, columns and page size.</summary>
    public LeadFilter Unfiltered() => Default with
    {
        SortBy = SortBy, SortFieldKey = SortFieldKey, Descending = Descending, Columns = Columns, Widths = Widths, PageSize = PageSize,
    };

    private static bool NewestFirst(LeadSortField field) => field is LeadSortField.LastActivity or LeadSortField.Created or LeadSortField.NextFollowUp;

    private static readonly Dictionary<LeadSortField, string> SortNames = new()
    {
        [LeadSortField.LastActivity] = "lastActivity",
        [LeadSortField.Name] = "name",
        [LeadSortField.Status] = "status",
        [LeadSortField.Created] = "created",
        [LeadSortField.Phone] = "phone",
        [LeadSortField.WhatsApp] = "whatsapp",
        [LeadSortField.Campaign] = "campaign",
        [LeadSortField.NextFollowUp] = "nextFollowUp",
    };

    private static readonly Dictionary<FollowUpDue, string> DueNames = new()
    {
        [FollowUpDue.Any] = "any",
        [FollowUpDue.Overdue] = "overdue",
        [FollowUpDue.Next24Hours] = "24h",
        [FollowUpDue.Next7Days] = "7d",
        [FollowUpDue.None] = "none",
    };

    private static (LeadSortField, string?, bool) ParseSort(string? token)
    {
        var text = token ?? "";
        var dash = text.LastIndexOf('-');
        var name = dash < 0 ? text : text[..dash];
        var direction = dash < 0 ? null : text[(dash + 1)..];
        bool DescendingOr(bool fallback) => direction is null ? fallback : string.Equals(direction, "desc", StringComparison.OrdinalIgnoreCase);

        if ((name.StartsWith("f.", StringComparison.Ordinal) || name.StartsWith("n.", StringComparison.Ordinal)) && CustomFieldDefinition.IsValidKey(name[2..]))
            return (name[0] == 'f' ? LeadSortField.Field : LeadSortField.FieldNumber, name[2..], DescendingOr(false));
        var field = SortNames.FirstOrDefault(p => string.Equals(p.Value, name, StringComparison.OrdinalIgnoreCase));
        if (field.Value is null)
            return (Default.SortBy, null, Default.Descending);
        return (field.Key, null, DescendingOr(NewestFirst(field.Key)));
    }

    /// <summary>An empty list as the defaults have it (one shared instance), so equal views compare equal.</summary>
    private static IReadOnlyList<T> OrEmpty<T>(List<T> list) => list.Count == 0 ? Array.Empty<T>() : list;

    private static IEnumerable<string> List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int? PositiveInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
