using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Campaigns;

/// <summary>
/// A campaign's calling hours applied to one lead: read in the lead's local time, the time zone of its number, or the
/// campaign's when the number gives none. Every contact the agent makes, first or retry, waits for this window.
/// </summary>
public static class CallingWindow
{
    /// <summary>The IANA id of the zone a lead's calling hours are read in.</summary>
    public static string ZoneIdOf(Campaign campaign, string? number) => PhoneNumberRules.TimeZoneOf(number) ?? campaign.TimeZone;

    /// <summary>The zone a lead's calling hours are read in; UTC when the id is unknown to this machine.</summary>
    public static TimeZoneInfo ZoneOf(Campaign campaign, string? number) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(ZoneIdOf(campaign, number), out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>
    /// The first moment at or after <paramref name="utc"/> (itself when the window is open) at which the campaign may
    /// contact the lead with <paramref name="number"/>, in UTC.
    /// </summary>
    public static DateTime NextOpening(Campaign campaign, string? number, DateTime utc) =>
        campaign.CallingHours.NextOpeningUtc(utc, ZoneOf(campaign, number));

    /// <summary>Whether the campaign may contact the lead with <paramref name="number"/> at <paramref name="utc"/>.</summary>
    public static bool IsOpen(Campaign campaign, string? number, DateTime utc) => NextOpening(campaign, number, utc) <= utc;
}
