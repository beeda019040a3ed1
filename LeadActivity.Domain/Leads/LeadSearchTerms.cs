using System.Text;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// What a person types into the search box, read as what to look for: its words (matched by prefix in the name, email
/// and custom field values, all of them, in any) and, when it looks like a phone number, the reversed digits of the
/// numbers it may end (read with libphonenumber in the campaigns' regions). Each database turns these terms into its
/// own query (<see cref="ILeadSearchSql"/>), so both search by the same rules.
/// </summary>
public sealed record LeadSearchTerms(IReadOnlyList<string> Words, IReadOnlyList<string> PhoneSuffixes, bool WordsToo)
{
    private const int MinimumPhoneDigits = 4;

    /// <summary>
    /// The terms of <paramref name="text"/>, or null when it holds nothing to search for. A lone number may also be a
    /// custom field value (an order number), so its word is searched too; a formatted phone number is only a phone.
    /// </summary>
    public static LeadSearchTerms? Read(string? text, IEnumerable<string> regions)
    {
        text = text?.Normalize(); // a decomposed "u + ¨" would otherwise split "Müller" in two
        var words = Split(text);
        if (words.Count == 0)
            return null;
        if (!LooksLikePhone(text!, out var digits))
            return new(words, [], WordsToo: true);
        var suffixes = PhoneNumberRules.SearchDigits(text!, regions).DefaultIfEmpty(digits)
            .Select(PhoneNumberRules.ReversedDigits)
            .Distinct()
            .ToList();
        return new(words, suffixes, WordsToo: words.Count == 1);
    }

    private static bool LooksLikePhone(string text, out string digits)
    {
        digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= MinimumPhoneDigits && text.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')' or '/');
    }

    /// <summary>Splits like SQLite's unicode61 tokenizer and the lead_search configuration: runs of letters and digits.</summary>
    private static List<string> Split(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
            return words;
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
                continue;
            }
            if (current.Length > 0)
                words.Add(current.ToString());
            current.Clear();
        }
        if (current.Length > 0)
            words.Add(current.ToString());
        return words.Count > 16 ? words[..16] : words;
    }
}
