using LeadActivity.App.Components.Leads;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Components;

public sealed class LeadSelectionStateTests
{
    private static readonly IReadOnlyList<LeadRow> Page = [Row(1), Row(2), Row(3)];

    [Fact]
    public void Ticking_rows_across_pages_keeps_each_id_and_the_page_box_says_whether_all_its_rows_are_ticked()
    {
        var selection = new LeadSelectionState();

        selection.Toggle(2, Page);
        Assert.Null(selection.PageState(Page));
        selection.TogglePage(Page);
        Assert.True(selection.PageState(Page));
        selection.Toggle(9, [Row(9)]);

        Assert.Equal(4, selection.Count);
        Assert.Equal([1, 2, 3, 9], selection.ToSelection().LeadIds);
        selection.TogglePage(Page);
        Assert.Equal([9], selection.ToSelection().LeadIds);
    }

    [Fact]
    public void All_matching_is_the_view_not_its_rows_and_unticking_one_row_keeps_the_rest_of_the_page()
    {
        var selection = new LeadSelectionState();
        var view = LeadFilter.Default with { Statuses = [LeadStatus.Callback], Page = 4 };

        selection.SelectAllMatching(view, 3_150);

        Assert.Equal(3_150, selection.Count);
        Assert.True(selection.IsChecked(12345));
        Assert.Equal(view with { Page = 1 }, selection.ToSelection().Filter);
        selection.Toggle(2, Page);
        Assert.Null(selection.AllMatching);
        Assert.Equal([1, 3], selection.ToSelection().LeadIds);
    }

    [Fact]
    public void Another_view_drops_all_matching_but_another_page_or_sort_of_the_same_view_keeps_it()
    {
        var selection = new LeadSelectionState();
        var view = LeadFilter.Default with { Statuses = [LeadStatus.Callback] };
        selection.SelectAllMatching(view, 3_150);

        selection.ViewChanged(view with { Page = 7, SortBy = LeadSortField.Name });
        Assert.Equal(3_150, selection.Count);
        selection.ViewChanged(view with { Statuses = [LeadStatus.Contacted] });
        Assert.True(selection.IsEmpty);
    }

    private static LeadRow Row(int id) => new(id, $"Lead {id}", null, null, null, 1, "Spring", LeadStatus.Callback, null, null, DateTime.UtcNow);
}
