using System.Globalization;
using System.Text;

namespace LeadActivity.Domain.Leads;

/// <summary>How a lead's name sorts.</summary>
public static class LeadName
{
    /// <summary>The longest sort key stored; longer names sort by their first this many characters, then by name.</summary>
    public const int MaxSortKeyLength = 200;

    /// <summary>
    /// The name as people read a list of names: accents and case folded, letters such as ß, Æ, Ø and Ł spelled as
    /// their base letters, compatibility forms (ligatures, full-width letters) as their plain letters, runs of white
    /// space as one space. Compared ordinally, keys put "Álvaro" beside "Alvaro" and "Emma de Jong" before
    /// "Emma Visser", the same on SQLite and PostgreSQL, neither of which needs to know a collation for it.
    /// </summary>
    /// <remarks>
    /// Computed once when a name is written (by EF through <see cref="Lead.SortName"/>, by the bulk writers from this
    /// method), so a sort by name is an index walk on both databases. Changing what it returns changes the stored keys'
    /// meaning: the rows then need their keys written again.
    /// </remarks>
    public static string SortKey(string name)
    {
        if (IsPlainAscii(name))
            return Collapse(name, decomposed: false);
        string decomposed;
        try
        {
            decomposed = name.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            return Collapse(name, decomposed: false); // half a surrogate pair: not text Unicode can normalize, so only folded
        }
        return Collapse(decomposed, decomposed: true);
    }

    private static bool IsPlainAscii(string name)
    {
        foreach (var c in name)
        {
            if (c > '\u007f')
                return false;
        }
        return true;
    }

    /// <summary>Lower-cases, drops combining marks, spells out the letters that do not decompose, and collapses white space.</summary>
    private static string Collapse(string text, bool decomposed)
    {
        var key = new StringBuilder(Math.Min(text.Length, MaxSortKeyLength));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = key.Length > 0;
                continue;
            }
            if (decomposed && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
                continue;
            if (space)
            {
                key.Append(' ');
                space = false;
            }
            if (decomposed && Spelled(c) is { } spelled)
                key.Append(spelled);
            else
                key.Append(char.ToLowerInvariant(c));
            if (key.Length >= MaxSortKeyLength)
                break;
        }
        if (key.Length > MaxSortKeyLength)
            key.Length = MaxSortKeyLength;
        // A surrogate pair cut in half would not encode; an unpaired half left at the end is dropped.
        if (key.Length > 0 && char.IsHighSurrogate(key[^1]))
            key.Length--;
        return decomposed ? key.ToString().Normalize(NormalizationForm.FormC) : key.ToString();
    }

    /// <summary>Latin letters that Unicode does not decompose into a base letter and a mark, as they are alphabetized.</summary>
    private static string? Spelled(char c) => c switch
    {
        'ß' or 'ẞ' => "ss",
        'æ' or 'Æ' => "ae",
        'œ' or 'Œ' => "oe",
        'ø' or 'Ø' => "o",
        'đ' or 'Đ' or 'ð' or 'Ð' => "d",
        'ł' or 'Ł' => "l",
        'ħ' or 'Ħ' => "h",
        'ı' => "i",
        'þ' or 'Þ' => "th",
        'ŧ' or 'Ŧ' => "t",
        _ => null,
    };
}
