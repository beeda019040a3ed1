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

    [Fact]
    public void The_richer_filters_columns_and_widths_round_trip_through_the_query_string()
    {
        var filter = new LeadFilter
        {
            Fields = [new("company", FieldMatch.Contains, ["acme & co"]), new("employees", FieldMatch.NumberBetween, ["10", ""]), new("plan", FieldMatch.In, ["Pro", "Free"])],
            LastActivity = new DayRange(new DateOnly(2026, 1, 1), null),
            Created = new DayRange(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)),
            LastCallOutcomes = [LeadActivity.Domain.Activities.CallOutcome.NoAnswer],
            Countries = ["GB", "US"],
            FollowUp = FollowUpDue.Overdue,
            NeverContacted = true,
            SortBy = LeadSortField.FieldNumber,
            SortFieldKey = "employees",
            Descending = false,
            Columns = ["name", "f.plan", "status"],
            Widths = new Dictionary<string, int> { ["name"] = 240 },
        };

        var query = filter.ToQuery();
        var parsed = LeadFilter.FromQuery(query.Where(p => p.Value is not null));

        Assert.Equal("has:acme & co", query["f.company"]);
        Assert.Equal("num:10..", query["f.employees"]);
        Assert.Equal("n.employees-asc", query["sort"]);
        Assert.Equal(filter.ViewQuery(), parsed.ViewQuery());
        Assert.Equal(["f.plan", "name", "status"], parsed.Columns.Order());
        Assert.Equal(240, parsed.Widths["name"]);
    }

    [Fact]
    public void Malformed_richer_filters_are_ignored()
    {
        var filter = LeadFilter.FromQuery(new Dictionary<string, string?>
        {
            ["f.Bad-Key"] = "has:x", ["f.employees"] = "num:ten..", ["f.renewal"] = "date:2026-13-01", ["f.plan"] = "in:",
            ["active"] = "yesterday", ["outcome"] = "1,Answered,bogus", ["country"] = "XX,us,USA", ["due"] = "soon",
            ["cols"] = "name,drop table,f.ok", ["w"] = "name:5,phone:abc", ["sort"] = "f.Bad-asc",
        });

        Assert.Empty(filter.Fields);
        Assert.Null(filter.LastActivity);
        Assert.Equal([LeadActivity.Domain.Activities.CallOutcome.Answered], filter.LastCallOutcomes);
        Assert.Equal(["US"], filter.Countries);
        Assert.Null(filter.FollowUp);
        Assert.Equal(["name", "f.ok"], filter.Columns);
        Assert.Equal(LeadFilter.MinColumnWidth, filter.Widths["name"]);
        Assert.Equal(LeadSortField.LastActivity, filter.SortBy);
    }
}
