using System.Text;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// Turns what a person types into the search box into a query over the lead search index: an FTS5 query on SQLite
/// (columns <c>name</c>, <c>email</c>, <c>fields</c>, <c>phones</c>), a <c>tsquery</c> on PostgreSQL (the
/// <c>"Leads"."Search"</c> vector: name, email and field values at weight A, reversed phone digits at weight B). Both
/// are read from the same words and phone digits by the same rules.
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
        if (Terms.Read(text, regions) is not { } terms)
            return null;
        var wordMatch = $"{TextColumns} : ({string.Join(" AND ", terms.Words.Select(Prefix))})";
        if (terms.PhoneSuffixes.Count == 0)
            return wordMatch;
        var phoneMatch = $"phones : ({string.Join(" OR ", terms.PhoneSuffixes.Select(Prefix))})";
        return terms.WordsToo ? $"{phoneMatch} OR {wordMatch}" : phoneMatch;
    }

    /// <summary>
    /// The same search as <see cref="ToMatchExpression"/>, as the text of a PostgreSQL <c>tsquery</c> for
    /// <c>to_tsquery('public.lead_search', …)</c>: that configuration (the one that built the vector) folds case and
    /// accents, so the words are passed as typed. Words are prefixes of weight-A lexemes, phone suffixes prefixes of
    /// weight-B ones. Null when the text holds nothing to search for.
    /// </summary>
    public static string? ToTsQuery(string? text, IEnumerable<string> regions)
    {
        if (Terms.Read(text, regions) is not { } terms)
            return null;
        var wordMatch = string.Join(" & ", terms.Words.Select(w => LexemePrefix(w, 'A')));
        if (terms.PhoneSuffixes.Count == 0)
            return wordMatch;
        var phoneMatch = string.Join(" | ", terms.PhoneSuffixes.Select(s => LexemePrefix(s, 'B')));
        return terms.WordsToo ? $"({phoneMatch}) | ({wordMatch})" : phoneMatch;
    }

    /// <summary>
    /// What a search looks for: its words and, when it looks like a phone number, the reversed digits the number may
    /// end with. A lone number may also be a custom field value (an order number), so its word is searched too; a
    /// formatted phone number is only a phone.
    /// </summary>
    private sealed record Terms(IReadOnlyList<string> Words, IReadOnlyList<string> PhoneSuffixes, bool WordsToo)
    {
        public static Terms? Read(string? text, IEnumerable<string> regions)
        {
            text = text?.Normalize(); // a decomposed "u + ¨" would otherwise split "Müller" in two
            var words = LeadSearchText.Words(text);
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

    /// <summary>
    /// A quoted lexeme matched by prefix at one weight. Words are letters and digits only, so the quotes never need
    /// escaping; quoting keeps tsquery's operators and to_tsquery's parser from reading anything else into them.
    /// </summary>
    private static string LexemePrefix(string word, char weight) => $"'{word}':*{weight}";
}
