using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Import;

/// <summary>Cell rules shared by every CSV the app writes.</summary>
public static class CsvCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>
    /// Makes a cell safe to open in a spreadsheet: text a spreadsheet would run as a formula (<c>=</c>, <c>+</c>,
    /// <c>-</c>, <c>@</c> …) gets a leading apostrophe. Valid phone numbers are left as they are, so exports re-import.
    /// </summary>
    public static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value) || Array.IndexOf(FormulaStarts, value[0]) < 0)
            return value ?? "";
        return PhoneNumberRules.Parse(value).IsValid ? value : "'" + value;
    }

    /// <summary>
    /// Reads back a cell this app escaped with <see cref="Safe"/> (an apostrophe before a formula character), so a
    /// file downloaded from here, fixed and uploaded again keeps its values.
    /// </summary>
    public static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && Array.IndexOf(FormulaStarts, value[1]) >= 0 ? value[1..] : value;
}
