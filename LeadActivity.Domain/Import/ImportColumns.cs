using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Import;

/// <summary>A CSV header the campaign has no field for: its values are ignored unless a field is created for it.</summary>
public sealed record IgnoredColumn(int Index, string Header, string SuggestedKey);

/// <summary>A CSV column matched to one of the campaign's custom fields.</summary>
public sealed record FieldColumn(int Index, string Header, CustomFieldDefinition Field);

/// <summary>
/// How a file's header row maps onto a lead: the reserved columns (phone, whatsapp, name or first/last name, email),
/// the campaign's custom fields, and the headers that match nothing. Headers are matched forgiving case, spaces and
/// hyphens (<c>Phone Number</c> is <c>phone_number</c>). Columns the app itself writes into its files beside the lead
/// (the export's status and times, the rejected rows' <c>error</c>) are passed over as <see cref="AppColumns"/>, so a
/// file downloaded from here imports again without offering them as fields.
/// </summary>
public sealed record ImportColumns(
    IReadOnlyList<string> Headers,
    int? Phone,
    int? WhatsApp,
    int? Name,
    int? FirstName,
    int? LastName,
    int? Email,
    IReadOnlyList<FieldColumn> Fields,
    IReadOnlyList<IgnoredColumn> Ignored,
    IReadOnlyList<string> Errors)
{
    private static readonly string[] PhoneHeaders = ["phone", "phone_number"];

    /// <summary>Columns this app wrote beside the lead (<see cref="LeadCsvExport.AppColumns"/>, the rejected rows' reason): not imported.</summary>
    public IReadOnlyList<IgnoredColumn> AppColumns { get; init; } = [];

    public bool CanImport => Errors.Count == 0;

    public bool HasName => Name is not null || FirstName is not null || LastName is not null;

    /// <summary>Matches <paramref name="headers"/> against the reserved columns and <paramref name="fields"/>.</summary>
    public static ImportColumns Match(IReadOnlyList<string> headers, IReadOnlyList<CustomFieldDefinition> fields)
    {
        var errors = new List<string>();
        if (headers.All(string.IsNullOrWhiteSpace))
        {
            errors.Add("The first row has no column names. It must be a header row such as “phone,name,email” followed by one lead per row.");
            return new(headers, null, null, null, null, null, null, [], [], errors);
        }

        int? phone = null, whatsApp = null, name = null, firstName = null, lastName = null, email = null;
        var matched = new List<FieldColumn>();
        var ignored = new List<IgnoredColumn>();
        var appColumns = new List<IgnoredColumn>();
        var isExport = headers.Count >= LeadCsvExport.Columns.Count
                       && LeadCsvExport.Columns.Select((column, i) => Normalize(headers[i]) == column).All(same => same);
        var hasErrorColumn = headers.Count > 1 && Normalize(headers[^1]) == RejectedRowsFile.ErrorColumn;
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            if (header.Length == 0)
            {
                errors.Add($"Column {i + 1} has no name in the header row: name it or remove the column.");
                continue;
            }
            var key = Normalize(header);
            var meaning = PhoneHeaders.Contains(key) ? "phone" : key;
            if (seen.TryGetValue(meaning, out var first))
            {
                errors.Add($"Columns {first + 1} (“{headers[first].Trim()}”) and {i + 1} (“{header}”) are both “{meaning}”: keep one of them.");
                continue;
            }
            seen[meaning] = i;

            switch (meaning)
            {
                case "phone": phone = i; break;
                case "whatsapp": whatsApp = i; break;
                case "name": name = i; break;
                case "first_name": firstName = i; break;
                case "last_name": lastName = i; break;
                case "email": email = i; break;
                default:
                    var field = fields.FirstOrDefault(f => f.Key == key);
                    if (field is not null)
                        matched.Add(new FieldColumn(i, header, field));
                    else if ((isExport && LeadCsvExport.AppColumns.Contains(key)) || (hasErrorColumn && i == headers.Count - 1))
                        appColumns.Add(new IgnoredColumn(i, header, key));
                    else
                        ignored.Add(new IgnoredColumn(i, header, key));
                    break;
            }
        }

        if (phone is null && whatsApp is null)
        {
            var names = string.Join(", ", headers.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => $"“{h.Trim()}”"));
            errors.Add($"The file has no “phone” or “whatsapp” column, so its leads cannot be reached (its columns: {Shorten(names)}).");
        }
        var missing = fields.Where(f => f.Required && matched.All(m => m.Field.Key != f.Key)).Select(f => $"“{f.Key}” ({f.Label})").ToList();
        if (missing.Count > 0)
            errors.Add($"The campaign requires {string.Join(", ", missing)}, and the file has no column for {(missing.Count == 1 ? "it" : "them")}.");

        return new(headers, phone, whatsApp, name, firstName, lastName, email, matched, ignored, errors) { AppColumns = appColumns };
    }

    /// <summary>A header as a field key: trimmed, lower case, spaces and hyphens as underscores.</summary>
    public static string Normalize(string header)
    {
        var chars = header.Trim().ToLowerInvariant().Select(c => c is ' ' or '-' or '\t' ? '_' : c).ToArray();
        var text = new string(chars);
        while (text.Contains("__", StringComparison.Ordinal))
            text = text.Replace("__", "_", StringComparison.Ordinal);
        return text.Trim('_');
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
