using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace LeadActivity.App.Components.Leads;

/// <summary>
/// The Leads page. The URL's query string is the only state: every filter, sort or page change navigates, and the
/// page (re)loads from the URL, so a copied link reproduces the view and Back steps through filter changes.
/// </summary>
public sealed partial class LeadsPage(
    LeadQuery leads,
    CampaignDirectory campaignDirectory,
    NavigationManager navigation)
{
    private LeadFilter filter = LeadFilter.Default;
    private LeadPage shown = new([], 0, 1, LeadFilter.DefaultPageSize);
    private IReadOnlyDictionary<LeadStatus, int> statusCounts = new Dictionary<LeadStatus, int>();
    private IReadOnlyList<CampaignSummary> campaigns = [];
    private string? searchText;
    private bool searchCut;
    private bool loading = true;
    private string? loadedView;
    private CancellationTokenSource? load;
    // Outside the grid: the grid is re-created when the view's columns change, the selection is not.
    private readonly LeadSelectionState selection = new();
    private IReadOnlyList<CustomFieldDefinition> fields = [];
    private int? fieldsOfCampaign = -1;
    private IReadOnlyList<(string Country, int Leads)> countries = [];
    private bool moreFiltersOpen;
    private int? openViewId;

    private string ExportUrl => QueryHelpers.AddQueryString("leads/export.csv", filter.ToQuery());

    protected override async Task OnInitializedAsync()
    {
        navigation.LocationChanged += OnLocationChanged;
        campaigns = await campaignDirectory.ListAsync();
        await LoadAsync();
    }

    /// <summary>Rows in view whose lead has new activity change in place (status, last activity, next follow-up).</summary>
    private async Task OnEventsAsync(ActivityBurst burst, CancellationToken cancellationToken)
    {
        var touched = burst.Events.Select(e => e.LeadId).ToHashSet();
        var visible = shown.Rows.Select(r => r.Id).Where(id => burst.FellBehind || touched.Contains(id)).ToList();
        if (visible.Count == 0)
            return;
        var fresh = (await leads.RowsAsync(visible, cancellationToken)).ToDictionary(r => r.Id);
        shown = shown with { Rows = [.. shown.Rows.Select(r => fresh.GetValueOrDefault(r.Id, r))] };
        StateHasChanged();
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        try
        {
            await LoadAsync();
            StateHasChanged();
        }
        catch (Exception error)
        {
            await DispatchExceptionAsync(error);
        }
    });

    private async Task LoadAsync()
    {
        // A newer navigation supersedes a load still running, so typing fast never shows stale rows.
        load?.Cancel();
        var cancellation = load = new CancellationTokenSource();
        filter = FilterFromUrl();
        selection.ViewChanged(filter);
        openViewId = ViewIdFromUrl();
        searchText = filter.Search;
        loading = true;
        StateHasChanged();
        try
        {
            var pageTask = leads.PageAsync(filter, cancellation.Token);
            var counts = await leads.StatusCountsAsync(filter, cancellation.Token);
            var loaded = await pageTask;
            if (fieldsOfCampaign != filter.CampaignId)
            {
                fields = await campaignDirectory.FieldsAsync(filter.CampaignId, cancellation.Token);
                fieldsOfCampaign = filter.CampaignId;
            }
            if (ShowMoreFilters && countries.Count == 0)
                countries = await leads.CountriesAsync(cancellation.Token);
            if (cancellation.IsCancellationRequested)
                return;
            shown = loaded;
            statusCounts = counts;
            loading = false;
            loadedView = navigation.ToAbsoluteUri(navigation.Uri).Query;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private LeadFilter FilterFromUrl()
    {
        var query = QueryHelpers.ParseQuery(navigation.ToAbsoluteUri(navigation.Uri).Query);
        return LeadFilter.FromQuery(query.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString())));
    }

    /// <summary>The saved view the address says is open (<c>view=</c>); its chip shows it while the filters are still the view's.</summary>
    private int? ViewIdFromUrl()
    {
        var query = QueryHelpers.ParseQuery(navigation.ToAbsoluteUri(navigation.Uri).Query);
        return query.TryGetValue("view", out var value) && int.TryParse(value, out var id) && id > 0 ? id : null;
    }

    private bool ShowMoreFilters => moreFiltersOpen || filter.HasMoreFilters;

    private int MoreFilterCount => filter.Fields.Count + (filter.LastActivity is null ? 0 : 1) + (filter.Created is null ? 0 : 1)
        + (filter.LastCallOutcomes.Count > 0 ? 1 : 0) + (filter.Countries.Count > 0 ? 1 : 0) + (filter.FollowUp is null ? 0 : 1) + (filter.NeverContacted ? 1 : 0);

    private async Task ToggleMoreFiltersAsync()
    {
        moreFiltersOpen = !ShowMoreFilters;
        if (moreFiltersOpen && countries.Count == 0)
            countries = await leads.CountriesAsync();
    }

    private string ColumnsKey => string.Join(",", filter.ShownColumns);

    private string ColumnTitle(string column) => LeadColumns.FieldKeyOf(column) is { } key
        ? fields.FirstOrDefault(f => f.Key == key)?.Label ?? key
        : LeadColumns.Labels[column];

    /// <summary>How a column's header sorts: built-in columns by their own order, custom fields by value (numbers as numbers).</summary>
    private (LeadSortField Field, string? Key)? SortOf(string column)
    {
        if (LeadColumns.FieldKeyOf(column) is not { } key)
            return LeadColumns.SortOf(column) is { } field ? (field, null) : null;
        var number = fields.FirstOrDefault(f => f.Key == key)?.Type == CustomFieldType.Number;
        return (number ? LeadSortField.FieldNumber : LeadSortField.Field, key);
    }

    private string? WidthStyle(string column) =>
        filter.Widths.TryGetValue(column, out var width) ? $"width: {width}px; min-width: {width}px; max-width: {width}px" : null;

    private void OnColumnResized((string Column, int Width) resized) => Navigate(f => f with
    {
        Widths = new Dictionary<string, int>(f.Widths) { [resized.Column] = Math.Clamp(resized.Width, LeadFilter.MinColumnWidth, LeadFilter.MaxColumnWidth) },
    });

    /// <summary>A status changed in place: the row shows it at once and the chips' counts follow.</summary>
    private async Task OnStatusChangedAsync(int leadId)
    {
        var fresh = (await leads.RowsAsync([leadId])).ToDictionary(r => r.Id);
        shown = shown with { Rows = [.. shown.Rows.Select(r => fresh.GetValueOrDefault(r.Id, r))] };
        statusCounts = await leads.StatusCountsAsync(filter);
    }

    /// <summary><c>x</c> on the keyboard's row: ticks or unticks it, as its checkbox does.</summary>
    private void SelectFromKeyboard(int leadId)
    {
        selection.Toggle(leadId, shown.Rows);
        StateHasChanged();
    }

    /// <summary>
    /// Goes to the view <paramref name="change"/> makes of the one in the address bar. Starting from the URL rather
    /// than the last loaded view keeps changes made in quick succession (a click while a load is running) from
    /// undoing each other; a change to the same view does not navigate at all.
    /// </summary>
    private void Navigate(Func<LeadFilter, LeadFilter> change)
    {
        var current = navigation.ToAbsoluteUri(navigation.Uri);
        var target = QueryHelpers.AddQueryString(current.GetLeftPart(UriPartial.Path), change(FilterFromUrl()).ToQuery());
        if (target != current.GetLeftPart(UriPartial.Query))
            navigation.NavigateTo(target);
    }

    private void Navigate(LeadFilter next) => Navigate(_ => next);

    private void ToggleStatus(LeadStatus status) => Navigate(f => f with
    {
        Statuses = f.Statuses.Contains(status) ? [.. f.Statuses.Where(s => s != status)] : [.. f.Statuses.Append(status).Order()],
        Page = 1,
    });

    private void OnCampaignChanged(int? campaignId) => Navigate(f => f with { CampaignId = campaignId, Page = 1 });

    private void OnSearchTyped(string? text)
    {
        searchCut = LeadFilter.IsSearchTooLong(text);
        var search = LeadFilter.SearchOf(text);
        searchText = searchCut ? search : text;
        Navigate(f => search == f.Search ? f : f with { Search = search, Page = 1 });
    }

    private void OpenLead(DataGridRowClickEventArgs<LeadRow> click) => navigation.NavigateTo($"leads/{click.Item.Id}");

    public void Dispose()
    {
        navigation.LocationChanged -= OnLocationChanged;
        load?.Cancel();
    }
}
