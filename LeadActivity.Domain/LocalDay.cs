namespace LeadActivity.Domain;

/// <summary>Days as a person reads them: in their own time zone, never the server's or UTC's.</summary>
public static class LocalDay
{
    /// <summary>The UTC instant at which the day containing <paramref name="now"/> began in <paramref name="zone"/>.</summary>
    public static DateTime StartUtc(DateTimeOffset now, TimeZoneInfo zone)
    {
        var midnight = TimeZoneInfo.ConvertTime(now, zone).Date;
        // Where a daylight-saving change skips midnight (e.g. America/Santiago), the day begins at the first valid minute.
        while (zone.IsInvalidTime(midnight))
            midnight = midnight.AddMinutes(30);
        // A midnight that occurs twice (a fold) began at its first occurrence, the larger offset.
        var offset = zone.IsAmbiguousTime(midnight) ? zone.GetAmbiguousTimeOffsets(midnight).Max() : zone.GetUtcOffset(midnight);
        return DateTime.SpecifyKind(midnight - offset, DateTimeKind.Utc);
    }

    /// <summary>The UTC instant at which the next day after the one containing <paramref name="now"/> begins in <paramref name="zone"/>.</summary>
    public static DateTime NextStartUtc(DateTimeOffset now, TimeZoneInfo zone)
    {
        // A day lasts 23 to 25 hours: 26 hours after this one began is always inside the next one.
        var start = StartUtc(now, zone);
        return StartUtc(new DateTimeOffset(start.AddHours(26), TimeSpan.Zero), zone);
    }
}
