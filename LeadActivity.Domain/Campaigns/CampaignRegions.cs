using System.Globalization;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Campaigns;

/// <summary>The regions a campaign can default to: those libphonenumber reads numbers for.</summary>
public static class CampaignRegions
{
    /// <summary>The code and, where .NET knows it, the region's English name, e.g. <c>GB — United Kingdom</c>.</summary>
    public static string Describe(string code)
    {
        try
        {
            return $"{code} — {new RegionInfo(code).EnglishName}";
        }
        catch (ArgumentException)
        {
            // libphonenumber knows a few regions .NET has no name for (e.g. AC, Ascension Island).
            return code;
        }
    }

    /// <summary>The regions whose code or name contains <paramref name="text"/> (all of them for none).</summary>
    public static IEnumerable<string> Search(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? PhoneNumberRules.SupportedRegions
            : PhoneNumberRules.SupportedRegions.Where(code => Describe(code).Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));
}
