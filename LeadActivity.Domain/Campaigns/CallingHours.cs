namespace LeadActivity.Domain.Campaigns;

/// <summary>When the agent may contact a lead, in the lead's local time.</summary>
public sealed record CallingHours(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End)
{
    public static CallingHours Weekdays9To18 { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        new TimeOnly(9, 0), new TimeOnly(18, 0));

    public bool Contains(DateTime localTime) =>
        Days.Contains(localTime.DayOfWeek) && TimeOnly.FromDateTime(localTime) is var t && t >= Start && t < End;

    /// <summary>The first moment at or after <paramref name="localTime"/> inside these hours (itself when inside).</summary>
    public DateTime NextOpening(DateTime localTime)
    {
        if (Days.Count == 0 || Start >= End)
            return localTime;
        for (var day = 0; day <= 7; day++)
        {
            var date = localTime.Date.AddDays(day);
            if (!Days.Contains(date.DayOfWeek))
                continue;
            var opens = date + Start.ToTimeSpan();
            var closes = date + End.ToTimeSpan();
            if (localTime < opens)
                return opens;
            if (localTime < closes)
                return localTime;
        }
        return localTime;
    }

    /// <summary>
    /// The first moment at or after <paramref name="utc"/> inside these hours read in <paramref name="zone"/>, in UTC
    /// (<paramref name="utc"/> itself when inside).
    /// </summary>
    public DateTime NextOpeningUtc(DateTime utc, TimeZoneInfo zone)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var opening = NextOpening(local);
        // Inside: the instant itself, which converting back could move by an hour in a daylight-saving fold.
        if (opening == local)
            return utc;
        // A local time skipped by a daylight-saving change has no UTC instant: the hour after it does.
        while (zone.IsInvalidTime(opening))
            opening = opening.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(opening, DateTimeKind.Unspecified), zone);
    }
}
