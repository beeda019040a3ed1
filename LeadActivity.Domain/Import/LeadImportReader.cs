using System.Globalization;
using System.Net.Mail;
using CsvHelper;
using CsvHelper.Configuration;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Import;

/// <summary>A lead as one CSV row describes it, normalized (E.164 numbers, stored field forms).</summary>
public sealed record ImportedLead(long Key, string Name, string? Phone, string? WhatsApp, string? Email, Dictionary<string, string> Fields, bool Named)
{
    /// <summary>The fields as the database stores them, made on the reading thread so the writing thread only writes.</summary>
    public string FieldsJson { get; } = Persistence.JsonColumn.Serialize(Fields);

    public string PhoneSuffixKeys { get; } = PhoneNumberRules.SuffixKeys(Phone, WhatsApp);

    /// <summary>The country libphonenumber reads from the numbers (<see cref="Lead.Country"/>), made on the reading thread.</summary>
    public string? Country { get; } = PhoneNumberRules.CountryOf(Phone, WhatsApp);

    /// <summary>The name's sort key (<see cref="LeadName.SortKey"/>), also made on the reading thread.</summary>
    public string SortName { get; } = LeadName.SortKey(Name);
}

/// <summary>One data row: its first line in the file, its cells as written, and the lead it describes or why not.</summary>
public readonly record struct ImportRow(int Line, string[] Cells, ImportedLead? Lead, string? Error);

/// <summary>
/// Reads a CSV file's rows (CsvHelper) and checks each against the import's rules: a phone or WhatsApp number in
/// E.164 (libphonenumber), an email that is an address, custom field values of their field's type. Never holds more
/// than one row.
/// </summary>
public sealed class LeadImportReader : IDisposable
{
    /// <summary>Longer cells are refused: no lead has a 10,000-character name, and a runaway cell means a broken file.</summary>
    public const int MaxCellLength = 10_000;

    private const int MaxNameLength = 200;
    private const int MaxEmailLength = 320;
    private const int MaxFieldLength = 2_000;

    private readonly StreamReader _text;
    private readonly CsvParser _parser;
    private readonly string _defaultRegion;
    private readonly IReadOnlyDictionary<string, DateOrder> _dateOrders;
    private int _lastRawRow;
    private string? _unclosedQuote;

    private LeadImportReader(string path, CsvFileFormat format, string defaultRegion, IReadOnlyDictionary<string, DateOrder> dateOrders)
    {
        _text = format.OpenText(path);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = format.Delimiter.ToString(),
            HasHeaderRecord = false,
            IgnoreBlankLines = true,
            // A quote inside an unquoted cell (5" screen) reads as written; one that opens a cell and never closes
            // swallows the rest of the file, which is a broken file, not a value.
            BadDataFound = args =>
            {
                if (args.Field.StartsWith('"') && args.Field.AsSpan().IndexOfAny('\n', '\r') >= 0)
                    _unclosedQuote ??= $"line {_lastRawRow + 1}";
            },
        };
        _parser = new CsvParser(_text, configuration);
        _defaultRegion = defaultRegion;
        _dateOrders = dateOrders;
        Format = format;
        Columns = null!;
    }

    public CsvFileFormat Format { get; }

    public ImportColumns Columns { get; private set; }

    /// <summary>
    /// Opens the file and matches its header row against the campaign's fields; non-ISO dates are read in
    /// <paramref name="dateOrders"/> (per date field, see <see cref="DetectDateOrders"/>), ISO only where none is given.
    /// </summary>
    /// <exception cref="ImportFileException">The file has no header row.</exception>
    public static LeadImportReader Open(string path, CsvFileFormat format, IReadOnlyList<CustomFieldDefinition> fields, string defaultRegion,
        IReadOnlyDictionary<string, DateOrder>? dateOrders = null)
    {
        var reader = new LeadImportReader(path, format, defaultRegion, dateOrders ?? new Dictionary<string, DateOrder>());
        try
        {
            if (!reader._parser.Read() || reader._parser.Record is not { } header)
                throw new ImportFileException("The file has no header row.");
            if (header.Any(h => h.Length > MaxCellLength))
                throw new ImportFileException($"The header row has a cell over {MaxCellLength:N0} characters long: the first row must be short column names such as “phone,name,email”.");
            reader._lastRawRow = reader._parser.RawRow;
            reader.Columns = ImportColumns.Match(header, fields);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the date columns until each shows whether it writes days or months first (a day above 12), falling back
    /// to the campaign region's custom (month first in the US) when the whole file leaves it open.
    /// </summary>
    public static IReadOnlyDictionary<string, DateOrder> DetectDateOrders(string path, CsvFileFormat format, IReadOnlyList<CustomFieldDefinition> fields, string defaultRegion, CancellationToken cancellationToken)
    {
        using var reader = Open(path, format, fields, defaultRegion);
        var dateColumns = reader.Columns.Fields.Where(c => c.Field.Type == CustomFieldType.Date).ToList();
        var orders = dateColumns.ToDictionary(c => c.Field.Key, _ => DateOrder.IsoOnly);
        var open = dateColumns.Count;
        var rows = 0;
        while (open > 0 && reader._parser.Read())
        {
            if (++rows % 4096 == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var record = reader._parser.Record!;
            foreach (var column in dateColumns)
            {
                var key = column.Field.Key;
                if (orders[key] is DateOrder.DayFirst or DateOrder.MonthFirst || column.Index >= record.Length)
                    continue;
                var evidence = CustomFieldValues.EvidenceOf(record[column.Index].Trim());
                if (evidence is DateOrder.DayFirst or DateOrder.MonthFirst)
                {
                    orders[key] = evidence;
                    open--;
                }
                else if (evidence == DateOrder.Ambiguous)
                    orders[key] = DateOrder.Ambiguous;
            }
        }
        var regional = defaultRegion is "US" or "CA" or "PH" ? DateOrder.MonthFirst : DateOrder.DayFirst;
        foreach (var key in orders.Keys.ToList())
        {
            if (orders[key] == DateOrder.Ambiguous)
                orders[key] = regional;
        }
        return orders;
    }

    /// <summary>Reads the next data row; false at the end of the file.</summary>
    /// <exception cref="ImportFileException">A quote opens a cell and is never closed.</exception>
    public bool TryRead(out ImportRow row)
    {
        if (!_parser.Read())
        {
            row = default;
            return false;
        }
        var cells = _parser.Record!;
        var rawRow = _parser.RawRow;
        if (_unclosedQuote is not null)
        {
            throw new ImportFileException(
                $"A quote opened on {_unclosedQuote} is never closed, so everything after it reads as one cell. Close the quote (or remove it) and upload the file again.");
        }
        var line = rawRow;
        if (rawRow - _lastRawRow > 1 && cells.Any(c => c.AsSpan().IndexOfAny('\n', '\r') >= 0))
            line = rawRow - CountLineBreaks(_parser.RawRecord);
        _lastRawRow = rawRow;
        row = Check(line, cells);
        return true;
    }

    private ImportRow Check(int line, string[] cells)
    {
        var columns = Columns;
        if (cells.Length != columns.Headers.Count)
        {
            return new(line, cells, null,
                $"has {cells.Length} cell{(cells.Length == 1 ? "" : "s")} but the header has {columns.Headers.Count}: a delimiter is missing or extra");
        }
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Length > MaxCellLength)
                return new(line, cells, null, $"the cell in column “{columns.Headers[i].Trim()}” is {cells[i].Length:N0} characters long (at most {MaxCellLength:N0})");
        }

        List<string>? errors = null;
        void Fail(string error) => (errors ??= []).Add(error);

        var phone = Number(columns.Phone, "phone", cells, Fail);
        var whatsApp = Number(columns.WhatsApp, "WhatsApp", cells, Fail);
        if (phone is null && whatsApp is null && errors is null)
            Fail("needs a phone or WhatsApp number");

        var name = Cell(cells, columns.Name);
        if (columns.Name is null && (columns.FirstName is not null || columns.LastName is not null))
            name = $"{Cell(cells, columns.FirstName)} {Cell(cells, columns.LastName)}".Trim();
        if (name.Length > MaxNameLength)
            Fail($"name is longer than {MaxNameLength} characters");

        var email = Cell(cells, columns.Email);
        if (email.Length > 0 && (email.Length > MaxEmailLength || !MailAddress.TryCreate(email, out var address) || address.Address != email))
            Fail($"email “{Clip(email)}” is not an email address");

        var fields = new Dictionary<string, string>(columns.Fields.Count);
        foreach (var column in columns.Fields)
        {
            var value = Cell(cells, column.Index);
            if (value.Length > MaxFieldLength)
            {
                Fail($"{column.Field.Label} is longer than {MaxFieldLength:N0} characters");
                continue;
            }
            var check = CustomFieldValues.Check(column.Field, value, _dateOrders.GetValueOrDefault(column.Field.Key));
            if (!check.IsValid)
                Fail(check.Error!);
            else if (check.Value is not null)
                fields[column.Field.Key] = check.Value;
        }

        if (errors is not null)
            return new(line, cells, null, string.Join("; ", errors));
        var identity = phone ?? whatsApp!;
        var named = name.Length > 0;
        var lead = new ImportedLead(long.Parse(identity.AsSpan(1), CultureInfo.InvariantCulture),
            named ? name : PhoneNumberRules.FormatInternational(identity), phone, whatsApp, email.Length == 0 ? null : email, fields, named);
        return new(line, cells, lead, null);
    }

    private string? Number(int? index, string what, string[] cells, Action<string> fail)
    {
        var text = Cell(cells, index);
        if (text.Length == 0)
            return null;
        var parsed = PhoneNumberRules.Parse(text, _defaultRegion);
        if (parsed.IsValid)
            return parsed.E164;
        fail(what == "phone" ? $"{parsed.Reason} (“{Clip(text)}”)" : $"WhatsApp: {parsed.Reason} (“{Clip(text)}”)");
        return null;
    }

    private static string Cell(string[] cells, int? index) =>
        index is { } i && i < cells.Length ? CsvCells.Unescape(cells[i].Trim()) : "";

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static int CountLineBreaks(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return 0;
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
                count++;
        }
        // The record's own terminator is not a line inside it.
        return text.EndsWith('\n') || text.EndsWith('\r') ? count - 1 : count;
    }

    public void Dispose()
    {
        _parser.Dispose();
        _text.Dispose();
    }
}
