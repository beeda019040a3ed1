using System.Text;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// Turns what a person types into the search box into an FTS5 query over the lead search index
/// (columns <c>name</c>, <c>email</c>, <c>fields</c>, <c>phones</c>).
/// </summary>
public static class LeadSearchText
{
    private const string TextColumns = "{name email fields}";
    private const int MinimumPhoneDigits = 4;

    /// <summary>
    /// Words match by prefix in the name, email and custom field values (all words must match, in any of them);
    /// case and accents are folded by the index's tokenizer. A query that looks like a phone number matches numbers
    /// ending with its digits, read with libphonenumber in the campaigns' <paramref name="regions"/>.
    /// Null when the text holds nothing to search for.
    /// </summary>
    public static string? ToMatchExpression(string? text, IEnumerable<string> regions)
    {
        text = text?.Normalize(); // a decomposed "u + ¨" would otherwise split "Müller" in two
        var words = Words(text);
        if (words.Count == 0)
            return null;

        var wordMatch = $"{TextColumns} : ({string.Join(" AND ", words.Select(Prefix))})";
        if (!LooksLikePhone(text!, out var digits))
            return wordMatch;

        var suffixes = PhoneNumberRules.SearchDigits(text!, regions).DefaultIfEmpty(digits)
            .Select(PhoneNumberRules.ReversedDigits)
            .Distinct();
        var phoneMatch = $"phones : ({string.Join(" OR ", suffixes.Select(Prefix))})";
        // A lone number may also be a custom field value (an order number); a formatted phone number is only a phone.
        return words.Count == 1 ? $"{phoneMatch} OR {wordMatch}" : phoneMatch;
    }

    private static bool LooksLikePhone(string text, out string digits)
    {
        digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= MinimumPhoneDigits && text.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')' or '/');
    }

    /// <summary>Splits like the index's unicode61 tokenizer: runs of letters and digits.</summary>
    private static List<string> Words(string? text)
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

    private static string Prefix(string word) => $"\"{word.Replace("\"", "\"\"")}\"*";
}
