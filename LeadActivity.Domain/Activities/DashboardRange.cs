using System.Globalization;

namespace LeadActivity.Domain.Activities;

/// <summary>The dashboard's choices of range, as the address spells them: <c>today</c>, <c>yesterday</c>, <c>7d</c>, <c>custom</c>.</summary>
public enum RangeKind { Today, Yesterday, Last7Days, Custom }

/// <summary>
/// The days a dashboard shows, from <see cref="From"/> to <see cref="To"/> (both included) in the viewer's time zone,
/// and the bars its chart draws: an hour each for up to two days, otherwise a day each.
/// </summary>
public sealed record DashboardRange(RangeKind Kind, DateOnly From, DateOnly To)
{
    /// <summary>The longest custom range, in days.</summary>
    public const int MaxDays = 92;

    public string Slug => Kind switch { RangeKind.Yesterday => "yesterday", RangeKind.Last7Days => "7d", RangeKind.Custom => "custom", _ => "today" };

    public string Label => Kind switch
    {
        RangeKind.Today => "Today",
        RangeKind.Yesterday => "Yesterday",
        RangeKind.Last7Days => "Last 7 days",
        _ => From == To ? From.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : $"{From.ToString("d MMM", CultureInfo.InvariantCulture)} – {To.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}",
    };

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// The range an address asks for (<c>range</c>, and <c>from</c>/<c>to</c> as <c>yyyy-MM-dd</c> for a custom one),
    /// with <paramref name="today"/> the viewer's date. Anything unreadable is today; a custom range is put in order
    /// and cut to <see cref="MaxDays"/> days.
    /// </summary>
    public static DashboardRange Parse(string? range, string? from, string? to, DateOnly today)
    {
        switch (range?.Trim().ToLowerInvariant())
        {
            case "yesterday":
                return new(RangeKind.Yesterday, today.AddDays(-1), today.AddDays(-1));
            case "7d":
                return new(RangeKind.Last7Days, today.AddDays(-6), today);
            case "custom" when TryDate(from, out var start):
                var end = TryDate(to, out var e) ? e : start;
                if (end < start)
                    (start, end) = (end, start);
                if (end.DayNumber - start.DayNumber >= MaxDays)
                    end = start.AddDays(MaxDays - 1);
                return new(RangeKind.Custom, start, end);
            default:
                return new(RangeKind.Today, today, today);
        }
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The UTC instants the range starts and ends at in <paramref name="zone"/> (the end excluded).</summary>
    public (DateTime Start, DateTime End) Utc(TimeZoneInfo zone) => (DayStart(From, zone), DayStart(To.AddDays(1), zone));

    /// <summary>
    /// The start of each bar in UTC, and the end of the last: whole hours of the viewer's clock for up to two days
    /// (a day with a daylight-saving change has 23 or 25), whole days of it otherwise.
    /// </summary>
    public IReadOnlyList<DateTime> Bars(TimeZoneInfo zone)
    {
        var (start, end) = Utc(zone);
        var bars = new List<DateTime>();
        if (Days <= 2)
        {
            for (var t = start; t < end; t = t.AddHours(1))
                bars.Add(t);
        }
        else
        {
            for (var day = From; day <= To; day = day.AddDays(1))
                bars.Add(DayStart(day, zone));
        }
        bars.Add(end);
        return bars;
    }

    private static DateTime DayStart(DateOnly day, TimeZoneInfo zone)
    {
        // Noon of the day is inside it in every zone: its day starts where LocalDay says.
        var noon = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(12, 0)), zone);
        return LocalDay.StartUtc(new DateTimeOffset(noon, TimeSpan.Zero), zone);
    }
}
