using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Leads;

public sealed class LeadFilterTests
{
    private static LeadFilter Parse(params (string Key, string Value)[] query) =>
        LeadFilter.FromQuery(key => query.Where(q => q.Key == key).Select(q => q.Value).FirstOrDefault());

    [Fact]
    public void A_filter_round_trips_through_the_query_string()
    {
        var filter = new LeadFilter
        {
            Statuses = [LeadStatus.Qualified, LeadStatus.Callback],
            CampaignId = 3,
            Search = "acme",
            SortBy = LeadSortField.Name,
            Descending = false,
            Page = 2,
            PageSize = 50,
        };

        var query = filter.ToQuery();
        var parsed = LeadFilter.FromQuery(key => query.GetValueOrDefault(key));

        Assert.Equal("qualified,callback", query["status"]);
        Assert.Equal("name-asc", query["sort"]);
        Assert.Equal(filter.Statuses, parsed.Statuses);
        Assert.Equal(filter with { Statuses = parsed.Statuses }, parsed);
    }

    [Fact]
    public void The_default_view_writes_no_query_string()
    {
        Assert.All(LeadFilter.Default.ToQuery().Values, Assert.Null);
    }

    [Fact]
    public void Malformed_parts_are_ignored_and_the_rest_is_kept()
    {
        var filter = Parse(("status", "callback,bogus,,QUALIFIED"), ("page", "-3"), ("sort", "drop table"), ("campaign", "x1"),
            ("pageSize", "100000"), ("q", "  acme  "));

        Assert.Equal([LeadStatus.Qualified, LeadStatus.Callback], filter.Statuses);
        Assert.Equal(1, filter.Page);
        Assert.Equal(LeadSortField.LastActivity, filter.SortBy);
        Assert.True(filter.Descending);
        Assert.Null(filter.CampaignId);
        Assert.Equal(LeadFilter.DefaultPageSize, filter.PageSize);
        Assert.Equal("acme", filter.Search);
    }

    [Fact]
    public void Sorting_a_column_twice_flips_its_direction_and_returns_to_the_first_page()
    {
        var byName = (LeadFilter.Default with { Page = 4 }).SortedBy(LeadSortField.Name);
        Assert.Equal((LeadSortField.Name, false, 1), (byName.SortBy, byName.Descending, byName.Page));
        Assert.True(byName.SortedBy(LeadSortField.Name).Descending);
    }
}
