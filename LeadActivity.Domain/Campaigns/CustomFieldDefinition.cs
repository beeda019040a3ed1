using System.Text.RegularExpressions;

namespace LeadActivity.Domain.Campaigns;

public enum CustomFieldType { Text, Number, Date, Boolean, Choice }

/// <summary>A field a campaign adds to its leads; CSV headers are matched against <see cref="Key"/>.</summary>
public sealed partial record CustomFieldDefinition(
    string Key,
    string Label,
    CustomFieldType Type,
    bool Required = false,
    IReadOnlyList<string>? Options = null)
{
    public static bool IsValidKey(string key) => SnakeCase().IsMatch(key);

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
