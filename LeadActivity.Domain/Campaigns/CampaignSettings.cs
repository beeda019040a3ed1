using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Campaigns;

/// <summary>The settings of a campaign people edit together: what a new campaign is created with.</summary>
public sealed record CampaignSettings(
    string Name,
    Channel Channel,
    CampaignStatus Status,
    string DefaultRegion,
    string TimeZone,
    CallingHours CallingHours)
{
    public const int MaxNameLength = 200;

    public static CampaignSettings Of(Campaign campaign) =>
        new(campaign.Name, campaign.Channel, campaign.Status, campaign.DefaultRegion, campaign.TimeZone, campaign.CallingHours);

    /// <summary>A new draft: calls on weekdays 9–18, in the given region and zone.</summary>
    public static CampaignSettings NewDraft(string defaultRegion = "US", string timeZone = "UTC") =>
        new("", Channel.Phone, CampaignStatus.Draft, defaultRegion, timeZone, CallingHours.Weekdays9To18);

    /// <summary>
    /// The problems of these settings that need no database, by property name: a name (at most 200 characters), a
    /// region libphonenumber knows, an IANA time zone, and calling hours of at least one day that start before they end.
    /// </summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name))
            problems[nameof(Name)] = "Give the campaign a name";
        else if (Name.Trim().Length > MaxNameLength)
            problems[nameof(Name)] = $"The name can have at most {MaxNameLength} characters";

        if (!Enum.IsDefined(Channel))
            problems[nameof(Channel)] = "Pick phone calls or WhatsApp messages";
        if (!PhoneNumberRules.SupportedRegions.Contains(DefaultRegion ?? ""))
            problems[nameof(DefaultRegion)] = $"“{DefaultRegion}” is not a region phone numbers can be read for: use a two-letter code such as US or GB";
        if (!CampaignTimeZones.IsValid(TimeZone))
            problems[nameof(TimeZone)] = $"“{TimeZone}” is not a known time zone: use an IANA name such as America/New_York or Europe/London";

        if (CallingHours is null || CallingHours.Days.Count == 0)
            problems["CallingHours.Days"] = "Pick at least one day to call on";
        if (CallingHours is not null && CallingHours.Start >= CallingHours.End)
            problems["CallingHours.End"] = "Calling hours must end after they start";
        return problems;
    }
}

/// <summary>The IANA time zones a campaign can use.</summary>
public static class CampaignTimeZones
{
    /// <summary>True for an IANA id this machine knows (Windows ids, which it also resolves, are refused).</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
            return false;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id).HasIanaId;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>Every IANA id this machine knows, sorted, for pickers.</summary>
    public static IReadOnlyList<string> All { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal).ToList();
}
