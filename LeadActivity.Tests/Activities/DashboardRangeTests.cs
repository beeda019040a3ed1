using LeadActivity.Domain.Activities;

namespace LeadActivity.Tests.Activities;

public sealed class DashboardRangeTests
{
    private static readonly DateOnly Today = new(2026, 3, 30); // the Monday after Europe's clocks went forward
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData(null, null, null, RangeKind.Today, "2026-03-30", "2026-03-30")]
    [InlineData("yesterday", null, null, RangeKind.Yesterday, "2026-03-29", "2026-03-29")]
    [InlineData("7d", null, null, RangeKind.Last7Days, "2026-03-24", "2026-03-30")]
    [InlineData("custom", "2026-03-10", "2026-03-01", RangeKind.Custom, "2026-03-01", "2026-03-10")] // put in order
    [InlineData("custom", "2026-01-01", "2026-12-31", RangeKind.Custom, "2026-01-01", "2026-04-02")] // cut to 92 days
    [InlineData("custom", "not a date", null, RangeKind.Today, "2026-03-30", "2026-03-30")]
    [InlineData("whenever", null, null, RangeKind.Today, "2026-03-30", "2026-03-30")]
    public void The_address_gives_the_range(string? range, string? from, string? to, RangeKind kind, string first, string last)
    {
        var parsed = DashboardRange.Parse(range, from, to, Today);

        Assert.Equal(new DashboardRange(kind, DateOnly.Parse(first), DateOnly.Parse(last)), parsed);
    }

    [Fact]
    public void Yesterday_in_Berlin_is_its_23_hours_in_UTC_with_a_bar_for_each()
    {
        var range = DashboardRange.Parse("yesterday", null, null, Today); // Sunday 29 March: 02:00 did not happen

        var (start, end) = range.Utc(Berlin);
        var bars = range.Bars(Berlin);

        Assert.Equal(new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc), start); // midnight at UTC+1
        Assert.Equal(new DateTime(2026, 3, 29, 22, 0, 0, DateTimeKind.Utc), end); // the next midnight at UTC+2
        Assert.Equal(24, bars.Count); // 23 hours, then the end
    }

    [Fact]
    public void Seven_days_are_drawn_a_bar_a_day_from_each_local_midnight()
    {
        var bars = DashboardRange.Parse("7d", null, null, Today).Bars(Berlin);

        Assert.Equal(8, bars.Count);
        Assert.Equal(new DateTime(2026, 3, 23, 23, 0, 0, DateTimeKind.Utc), bars[0]);
        Assert.Equal(new DateTime(2026, 3, 29, 22, 0, 0, DateTimeKind.Utc), bars[6]); // Monday, now at UTC+2
    }
}
