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
public static partial class CustomFieldValues
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ssK"];

    private static readonly string[] DayFirstFormats = ["d/M/yyyy", "d.M.yyyy", "d-M-yyyy"];
    private static readonly string[] MonthFirstFormats = ["M/d/yyyy", "M-d-yyyy", "M.d.yyyy"];

    private static readonly string[] True = ["true", "yes", "y", "1"];
    private static readonly string[] False = ["false", "no", "n", "0"];

    /// <summary>Checks <paramref name="raw"/> against <paramref name="field"/>; dates in ISO form only.</summary>
    public static FieldCheck Check(CustomFieldDefinition field, string? raw) => Check(field, raw, DateOrder.IsoOnly);

    /// <summary>
    /// Checks <paramref name="raw"/> against <paramref name="field"/>. Dates are ISO (<c>2026-03-04</c>) or, where a file
    /// makes its order evident, day or month first (<c>04/03/2026</c>).
    /// </summary>
    public static FieldCheck Check(CustomFieldDefinition field, string? raw, DateOrder dateOrder)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
            return field.Required ? new(null, $"{field.Label} is required") : new(null, null);

        switch (field.Type)
        {
            case CustomFieldType.Number:
                // Thousands separators only where they group by three: "12,5" is a decimal comma, never 125.
                var numberStyle = ThousandsGrouped().IsMatch(text) ? NumberStyles.Number : NumberStyles.Float;
                return decimal.TryParse(text, numberStyle, CultureInfo.InvariantCulture, out var number)
                    ? new(number.ToString(CultureInfo.InvariantCulture), null)
                    : new(null, $"{field.Label} must be a number (like 1200 or 12.5), not “{text}”");
            case CustomFieldType.Date:
                return TryParseDate(text, dateOrder, out var date)
                    ? new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                    : new(null, dateOrder switch
                    {
                        DateOrder.DayFirst => $"{field.Label} must be a date as yyyy-mm-dd or dd/mm/yyyy, not “{text}”",
                        DateOrder.MonthFirst => $"{field.Label} must be a date as yyyy-mm-dd or mm/dd/yyyy, not “{text}”",
                        _ => $"{field.Label} must be a date as yyyy-mm-dd, not “{text}”",
                    });
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

    /// <summary>Reads a date in ISO form, or in <paramref name="order"/> when that is day or month first.</summary>
    public static bool TryParseDate(string text, DateOrder order, out DateTime date)
    {
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out date))
            return true;
        var formats = order switch { DateOrder.DayFirst => DayFirstFormats, DateOrder.MonthFirst => MonthFirstFormats, _ => null };
        return formats is not null && DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>What one non-ISO date says about its file's date order: only a day above 12 tells them apart.</summary>
    public static DateOrder EvidenceOf(string text)
    {
        var dayFirst = DateTime.TryParseExact(text, DayFirstFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        var monthFirst = DateTime.TryParseExact(text, MonthFirstFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        return (dayFirst, monthFirst) switch
        {
            (true, false) => DateOrder.DayFirst,
            (false, true) => DateOrder.MonthFirst,
            (true, true) => DateOrder.Ambiguous,
            _ => DateOrder.IsoOnly,
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex ThousandsGrouped();
}

/// <summary>How a file writes dates that are not ISO: day first (<c>04/03/2026</c> is 4 March) or month first.</summary>
public enum DateOrder { IsoOnly, Ambiguous, DayFirst, MonthFirst }
