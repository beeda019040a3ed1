using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Leads.Bulk;

namespace LeadActivity.App.Components.Leads;

/// <summary>
/// What a person has selected on the Leads page: rows ticked one by one (their ids, across pages), or every lead
/// matching the view (the filter, and its total as shown). Only ids and a filter live in the circuit, never leads.
/// </summary>
public sealed class LeadSelectionState
{
    private readonly HashSet<int> _ids = [];

    /// <summary>The view whose every matching lead is selected, else null.</summary>
    public LeadFilter? AllMatching { get; private set; }

    /// <summary>How many leads matched <see cref="AllMatching"/> when it was chosen.</summary>
    public int MatchingTotal { get; private set; }

    public int Count => AllMatching is null ? _ids.Count : MatchingTotal;

    public bool IsEmpty => Count == 0;

    public bool IsChecked(int leadId) => AllMatching is not null || _ids.Contains(leadId);

    /// <summary>The page's box: ticked when every row is, empty when none is, else neither (null).</summary>
    public bool? PageState(IReadOnlyList<LeadRow> rows)
    {
        if (AllMatching is not null)
            return true;
        var ticked = rows.Count(r => _ids.Contains(r.Id));
        return ticked == 0 ? false : ticked == rows.Count ? true : null;
    }

    /// <summary>Ticks or unticks one row; unticking one row of "all matching" keeps the rest of the page ticked.</summary>
    public void Toggle(int leadId, IReadOnlyList<LeadRow> page)
    {
        if (AllMatching is not null)
        {
            AllMatching = null;
            _ids.UnionWith(page.Select(r => r.Id));
        }
        if (!_ids.Remove(leadId))
            _ids.Add(leadId);
    }

    /// <summary>Ticks every row of the page, or unticks them when they all are.</summary>
    public void TogglePage(IReadOnlyList<LeadRow> page)
    {
        if (PageState(page) == true)
        {
            AllMatching = null;
            _ids.ExceptWith(page.Select(r => r.Id));
        }
        else
        {
            _ids.UnionWith(page.Select(r => r.Id));
        }
    }

    public void SelectAllMatching(LeadFilter filter, int total)
    {
        _ids.Clear();
        AllMatching = filter with { Page = 1 };
        MatchingTotal = total;
    }

    public void Clear()
    {
        _ids.Clear();
        AllMatching = null;
    }

    /// <summary>A view with other criteria (statuses, campaign, search) makes "all matching" mean other leads: it is dropped.</summary>
    public void ViewChanged(LeadFilter filter)
    {
        if (AllMatching is { } all && (all.CampaignId != filter.CampaignId || all.Search != filter.Search || !all.Statuses.SequenceEqual(filter.Statuses)))
            Clear();
    }

    public LeadSelection ToSelection() => AllMatching is { } filter ? LeadSelection.AllMatching(filter) : LeadSelection.Of(_ids);
}
