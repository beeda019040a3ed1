using LeadActivity.Domain;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;

namespace LeadActivity.Tests.Activities;

public sealed class ActivityTotalsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("Europe/Berlin", "2026-12-05T23:53:00Z", "2026-12-05T23:00:00Z")]
    [InlineData("Europe/Berlin", "2026-07-01T12:00:00Z", "2026-06-30T22:00:00Z")]
    [InlineData("Pacific/Kiritimati", "2026-12-06T01:00:00Z", "2026-12-05T10:00:00Z")]
    [InlineData("America/Los_Angeles", "2026-12-06T01:00:00Z", "2026-12-05T08:00:00Z")]
    [InlineData("America/Santiago", "2026-09-06T12:00:00Z", "2026-09-06T04:00:00Z")] // midnight skipped: the day begins at 01:00 (UTC-3)
    [InlineData("UTC", "2026-12-06T01:00:00Z", "2026-12-06T00:00:00Z")]
    public void The_day_starts_at_local_midnight(string zone, string now, string start) =>
        Assert.Equal(DateTime.Parse(start, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            LocalDay.StartUtc(DateTimeOffset.Parse(now), TimeZoneInfo.FindSystemTimeZoneById(zone)));

    [Theory]
    [InlineData("Europe/Berlin", "2026-12-05T23:53:00Z", "2026-12-06T23:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-24T23:30:00Z", "2026-10-25T23:00:00Z")] // the 25-hour day summer time ends
    [InlineData("Europe/Berlin", "2026-03-28T23:30:00Z", "2026-03-29T22:00:00Z")] // the 23-hour day it begins
    public void The_next_day_starts_at_the_next_local_midnight(string zone, string now, string next) =>
        Assert.Equal(DateTime.Parse(next, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            LocalDay.NextStartUtc(DateTimeOffset.Parse(now), TimeZoneInfo.FindSystemTimeZoneById(zone)));

    private static DateTime Utc(int day, int hour, int minute) => new(2026, 12, day, hour, minute, 0, DateTimeKind.Utc);
}
