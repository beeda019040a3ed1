using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Import;

/// <summary>Cell rules shared by every CSV the app writes.</summary>
public static class CsvCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>
    /// Makes a cell safe to open in a spreadsheet: text a spreadsheet would run as a formula (<c>=</c>, <c>+</c>,
    /// <c>-</c>, <c>@</c> …) gets a leading apostrophe. Valid E.164 numbers are left as they are, so exports re-import.
    /// </summary>
    public static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value) || Array.IndexOf(FormulaStarts, value[0]) < 0)
            return value ?? "";
        return PhoneNumberRules.Parse(value).E164 == value ? value : "'" + value;
    }
}
