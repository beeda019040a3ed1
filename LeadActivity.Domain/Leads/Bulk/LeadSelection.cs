namespace LeadActivity.Domain.Leads.Bulk;

/// <summary>
/// The leads a bulk action works on: rows a person ticked (their ids), or every lead matching a view of the Leads page
/// (the filter, read again when the action runs). Either way the leads themselves stay in the database: a selection of
/// 100,000 leads is a filter, never 100,000 rows in the circuit.
/// </summary>
public sealed record LeadSelection
{
    private LeadSelection(IReadOnlyList<int> leadIds, LeadFilter? filter)
    {
        LeadIds = leadIds;
        Filter = filter;
    }

    /// <summary>The ticked leads' ids; empty when the selection is a view.</summary>
    public IReadOnlyList<int> LeadIds { get; }

    /// <summary>The view whose every matching lead is selected; null when leads were ticked one by one.</summary>
    public LeadFilter? Filter { get; }

    public bool IsAllMatching => Filter is not null;

    public static LeadSelection Of(IEnumerable<int> leadIds) => new([.. leadIds.Distinct().Order()], null);

    /// <summary>Every lead matching <paramref name="filter"/>, whatever page is shown.</summary>
    public static LeadSelection AllMatching(LeadFilter filter) => new([], filter with { Page = 1 });

    /// <summary>How the audit trail keeps it: the view's query string, or the ids.</summary>
    internal string ToStored() => Filter is { } filter
        ? "view:" + string.Join("&", filter.ToQuery().Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"))
        : "ids:" + string.Join(",", LeadIds);

    internal static LeadSelection FromStored(string stored)
    {
        if (stored.StartsWith("ids:", StringComparison.Ordinal))
            return Of(stored[4..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
        var pairs = stored[5..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
        return AllMatching(LeadFilter.FromQuery(key => pairs.GetValueOrDefault(key)));
    }
}
