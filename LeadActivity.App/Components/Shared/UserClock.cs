namespace LeadActivity.App.Components.Shared;

/// <summary>
/// The user's time zone, as their browser reports it (a cookie for the first render, then JS interop), so "your
/// time" means the person's time and not the server's.
/// </summary>
public sealed class UserClock
{
    public const string CookieName = "la-tz";

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public event Action? Changed;

    /// <summary>Uses the browser's IANA zone; unknown names leave UTC.</summary>
    public void Use(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId) || zoneId == Zone.Id || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            return;
        Zone = zone;
        Changed?.Invoke();
    }

    public DateTime ToUser(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
