using PhoneNumbers;

namespace LeadActivity.Domain.Leads;

/// <summary>Why a phone number was not accepted.</summary>
public enum PhoneProblem { None, Empty, Letters, LocalFormat, Invalid, ScientificNotation }

/// <summary>The outcome of reading a phone number the way an import or the API reads it.</summary>
public readonly record struct PhoneParseResult(string? E164, PhoneProblem Problem, string? Suggestion)
{
    public bool IsValid => Problem == PhoneProblem.None;

    public string Reason => Problem switch
    {
        PhoneProblem.None => "",
        PhoneProblem.Empty => "phone number is empty",
        PhoneProblem.Letters => "phone number contains letters",
        PhoneProblem.ScientificNotation =>
            "a spreadsheet turned this phone number into scientific notation and lost digits — format the column as text and type the number as +…",
        PhoneProblem.LocalFormat when Suggestion is not null => $"local format — add the country code (did you mean {Suggestion}?)",
        PhoneProblem.LocalFormat => "local format — add the country code",
        _ => "not a valid phone number for its country",
    };
}

/// <summary>
/// The one place phone numbers are read and written: libphonenumber parses and validates, the stored form is E.164.
/// A number is accepted only with an explicit country code (<c>+…</c> or <c>00…</c>); spaces, dots, dashes and
/// brackets are tolerated.
/// </summary>
public static partial class PhoneNumberRules
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static PhoneParseResult Parse(string? input, string? defaultRegion = null)
    {
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
            return new(null, PhoneProblem.Empty, null);
        if (ScientificNotation().IsMatch(text))
            return new(null, PhoneProblem.ScientificNotation, null);
        if (text.Any(char.IsLetter))
            return new(null, PhoneProblem.Letters, null);

        // "00" is the international call prefix almost everywhere: it names the country code as "+" does.
        var international = text.StartsWith('+') ? text : text.StartsWith("00", StringComparison.Ordinal) ? "+" + text[2..] : null;
        if (international is null)
            return new(null, PhoneProblem.LocalFormat, SuggestE164(text, defaultRegion));

        if (!TryParse(international, null, out var number) || !Util.IsValidNumber(number))
            return new(null, PhoneProblem.Invalid, null);
        return new(Util.Format(number, PhoneNumberFormat.E164), PhoneProblem.None, null);
    }

    /// <summary>Formats a stored E.164 number for people, e.g. <c>+1 415-555-0132</c>.</summary>
    public static string FormatInternational(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
            return "";
        return TryParse(e164, null, out var number) ? Util.Format(number, PhoneNumberFormat.INTERNATIONAL) : e164;
    }

    /// <summary>The ISO region a stored number belongs to, e.g. <c>GB</c>, or null.</summary>
    public static string? RegionOf(string? e164) =>
        !string.IsNullOrEmpty(e164) && TryParse(e164, null, out var number) ? Util.GetRegionCodeForNumber(number) : null;

    /// <summary>
    /// The country of a lead's numbers: the region of <paramref name="phone"/>, else of <paramref name="whatsApp"/>; null
    /// when neither belongs to one region (non-geographic numbers such as +800 read as "001").
    /// </summary>
    public static string? CountryOf(string? phone, string? whatsApp) =>
        Country(RegionOf(phone)) ?? Country(RegionOf(whatsApp));

    private static string? Country(string? region) => region is { Length: 2 } && region != "ZZ" ? region : null;

    /// <summary>The ISO regions libphonenumber reads numbers for (e.g. <c>US</c>, <c>GB</c>), sorted.</summary>
    public static IReadOnlySet<string> SupportedRegions { get; } = new SortedSet<string>(Util.GetSupportedRegions(), StringComparer.Ordinal);

    /// <summary>The IANA time zone of a stored number (the first, where its area spans several), or null.</summary>
    public static string? TimeZoneOf(string? e164)
    {
        if (string.IsNullOrEmpty(e164) || !TryParse(e164, null, out var number))
            return null;
        var mapper = PhoneNumberToTimeZonesMapper.GetInstance();
        return mapper.GetTimeZonesForNumber(number).FirstOrDefault(z => z != mapper.GetUnknownTimeZone());
    }

    /// <summary>
    /// The reversed digits of each number, space-separated: the search index matches a number by its last digits
    /// with a prefix query on these.
    /// </summary>
    public static string SuffixKeys(string? phone, string? whatsApp)
    {
        var first = ReversedDigits(phone);
        var second = whatsApp == phone ? "" : ReversedDigits(whatsApp);
        return first.Length == 0 ? second : second.Length == 0 ? first : $"{first} {second}";
    }

    public static string ReversedDigits(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var digits = text.Where(char.IsAsciiDigit).ToArray();
        Array.Reverse(digits);
        return new string(digits);
    }

    /// <summary>
    /// Reads a number the way a person types it when searching: with a country code, as its E.164 digits; in a
    /// national format valid in one of <paramref name="regions"/>, as its national significant number. Null when
    /// libphonenumber cannot read it as a number (then the caller matches the typed digits as they are).
    /// </summary>
    public static IReadOnlyList<string> SearchDigits(string text, IEnumerable<string> regions)
    {
        var international = Parse(text);
        if (international.IsValid)
            return [international.E164![1..]];
        var found = new List<string>();
        foreach (var region in regions)
        {
            if (TryParse(text, region, out var number) && Util.IsValidNumber(number))
            {
                var national = Util.GetNationalSignificantNumber(number);
                if (!found.Contains(national))
                    found.Add(national);
            }
        }
        return found;
    }

    private static string? SuggestE164(string text, string? defaultRegion)
    {
        if (string.IsNullOrEmpty(defaultRegion) || !TryParse(text, defaultRegion, out var number) || !Util.IsValidNumber(number))
            return null;
        return Util.Format(number, PhoneNumberFormat.E164);
    }

    private static bool TryParse(string text, string? region, out PhoneNumber number)
    {
        try
        {
            number = Util.Parse(text, region);
            return true;
        }
        catch (NumberParseException)
        {
            number = null!;
            return false;
        }
    }

    // Excel's rendering of a long number, e.g. 1.41555501E+10.
    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")]
    private static partial System.Text.RegularExpressions.Regex ScientificNotation();
}
