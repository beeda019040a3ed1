using System.Globalization;

namespace LeadActivity.Domain.Campaigns;

/// <summary>The result of checking one value against its field: the value as stored, or why it was refused.</summary>
public readonly record struct FieldCheck(string? Value, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// Checks custom field values against their field's type, the same way for imports, the API and the lead page.
/// Stored forms are invariant: numbers with a dot, dates as <c>yyyy-MM-dd</c>, booleans as <c>true</c>/<c>false</c>,
/// choices as the option's own spelling.
/// </summary>
public static class CustomFieldValues
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ssK"];

    private static readonly string[] True = ["true", "yes", "y", "1"];
    private static readonly string[] False = ["false", "no", "n", "0"];

    public static FieldCheck Check(CustomFieldDefinition field, string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
            return field.Required ? new(null, $"{field.Label} is required") : new(null, null);

        switch (field.Type)
        {
            case CustomFieldType.Number:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? new(number.ToString(CultureInfo.InvariantCulture), null)
                    : new(null, $"{field.Label} must be a number (like 1200 or 12.5), not “{text}”");
            case CustomFieldType.Date:
                return DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date)
                    ? new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                    : new(null, $"{field.Label} must be a date as yyyy-mm-dd, not “{text}”");
            case CustomFieldType.Boolean:
                if (True.Contains(text, StringComparer.OrdinalIgnoreCase))
                    return new("true", null);
                return False.Contains(text, StringComparer.OrdinalIgnoreCase)
                    ? new("false", null)
                    : new(null, $"{field.Label} must be yes or no, not “{text}”");
            case CustomFieldType.Choice:
                var option = field.Options?.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase));
                return option is not null
                    ? new(option, null)
                    : new(null, $"{field.Label} must be one of {string.Join(", ", field.Options ?? [])}, not “{text}”");
            default:
                return new(text, null);
        }
    }
}
