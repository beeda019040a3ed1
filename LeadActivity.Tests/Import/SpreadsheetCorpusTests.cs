using System.Text;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Tests.Import;

/// <summary>
/// The same leads saved the way each spreadsheet writes CSV (byte-order mark or not, UTF-8 or UTF-16, comma, semicolon
/// or tab, CRLF or LF, every cell quoted or only those that need it): every row previews as new and imports.
/// </summary>
public abstract class SpreadsheetCorpusTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportHarness harness = null!;

    public async Task InitializeAsync() => harness = await ImportHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    public static TheoryData<string> Spreadsheets => new(SpreadsheetFiles.Names);

    [SkippableTheory]
    [MemberData(nameof(Spreadsheets))]
    public async Task A_file_saved_by_a_spreadsheet_previews_every_row_as_new_without_a_warning(string spreadsheet)
    {
        var file = SpreadsheetFiles.Write(spreadsheet);
        var before = await harness.FingerprintAsync();

        var preview = (await harness.Importer.PreviewAsync(harness.Campaign.Id, await harness.UploadAsync(file.Bytes, $"{spreadsheet}.csv")))!;

        Assert.True(preview.CanCommit, string.Join(" ", preview.Problems));
        Assert.Empty(preview.Warnings);
        Assert.Equal(file.EncodingName, preview.Format!.EncodingName);
        Assert.Equal(file.Delimiter, preview.Format.Delimiter);
        Assert.Equal(0, preview.Columns!.Phone);
        Assert.Equal(1, preview.Columns.Name);
        Assert.Equal("company", Assert.Single(preview.Columns.Fields).Field.Key);
        Assert.Equal("city", Assert.Single(preview.Columns.Ignored).Header);
        Assert.Equal((SpreadsheetFiles.Leads.Length, SpreadsheetFiles.Leads.Length, 0, 0, 0),
            (preview.Rows, preview.New, preview.DuplicatesInFile, preview.AlreadyInCampaign, preview.Invalid));
        Assert.Equal(before, await harness.FingerprintAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Spreadsheets))]
    public async Task A_file_saved_by_a_spreadsheet_imports_every_lead_with_its_accents(string spreadsheet)
    {
        var file = SpreadsheetFiles.Write(spreadsheet);
        var preview = (await harness.Importer.PreviewAsync(harness.Campaign.Id, await harness.UploadAsync(file.Bytes, $"{spreadsheet}.csv")))!;
        var (id, error) = await harness.Importer.StartAsync(harness.Campaign.Id, preview, ExistingLeadAction.Skip);
        Assert.Null(error);
        await harness.Jobs.WhenFinishedAsync(id!.Value);

        var import = (await harness.Importer.FindAsync(id.Value))!;
        Assert.True(import.State == LeadImportState.Completed, import.Message);
        Assert.Equal((SpreadsheetFiles.Leads.Length, SpreadsheetFiles.Leads.Length, 0, 0), (import.Rows, import.Created, import.Skipped, import.Rejected));
        var leads = await harness.LeadsAsync();
        Assert.Equal(SpreadsheetFiles.Leads.Select(l => (l.Phone, l.Name, l.Company)),
            leads.Select(l => (l.Phone!, l.Name, l.Fields["company"])));
    }
}

public sealed class SpreadsheetCorpusOnSqliteTests() : SpreadsheetCorpusTests(DatabaseProvider.Sqlite);

public sealed class SpreadsheetCorpusOnPostgresTests() : SpreadsheetCorpusTests(DatabaseProvider.Postgres);

/// <summary>
/// One small list of leads written as each spreadsheet saves it, generated here rather than stored as binary files so
/// the bytes that matter (byte-order mark, encoding, delimiter, line endings, quoting) are readable in the code.
/// </summary>
public static class SpreadsheetFiles
{
    public sealed record Lead(string Phone, string Name, string Company, string City);

    /// <summary>A file's bytes and what the import should detect in it.</summary>
    public sealed record File(byte[] Bytes, string EncodingName, char Delimiter);

    public static readonly Lead[] Leads =
    [
        new("+14155550132", "Zoë Ødegaard", "Acme; Inc.", "San Francisco"),
        new("+442079460958", "José Álvarez", "Globex, Ltd", "London"),
        new("+33123456789", "Françoise \"Fanny\" Lefèvre", "Initech", "Paris"),
        new("+4930123456", "Jürgen Groß", "Umbrella", "Berlin"),
        new("+31201234567", "Emma de Jong", "Hooli", "Amsterdam"),
    ];

    public static readonly string[] Names =
    [
        "excel-csv-utf8",            // Excel › CSV UTF-8: BOM, CRLF, commas
        "excel-csv-utf8-semicolon",  // the same in a European locale, where the list separator is “;”
        "excel-unicode-text",        // Excel › Unicode Text: UTF-16 LE with BOM, tabs, CRLF
        "google-sheets-lf",          // Google Sheets › Download › CSV: UTF-8 without BOM
        "google-sheets-crlf",
        "libreoffice-quote-all",     // LibreOffice Calc with “Quote all text cells”
        "numbers-semicolon",         // Numbers in a European locale: UTF-8, “;”
        "utf16-le-bom-comma",
        "utf16-be-bom-comma",
    ];

    /// <summary>The leads as <paramref name="spreadsheet"/> (one of <see cref="Names"/>) writes them.</summary>
    public static File Write(string spreadsheet) => spreadsheet switch
    {
        "excel-csv-utf8" => Encode(Text(',', "\r\n", quoteAll: false), new UTF8Encoding(true), "UTF-8 (with BOM)", ','),
        "excel-csv-utf8-semicolon" => Encode(Text(';', "\r\n", quoteAll: false), new UTF8Encoding(true), "UTF-8 (with BOM)", ';'),
        "excel-unicode-text" => Encode(Text('\t', "\r\n", quoteAll: false), new UnicodeEncoding(false, true), "UTF-16 LE (with BOM)", '\t'),
        "google-sheets-lf" => Encode(Text(',', "\n", quoteAll: false), new UTF8Encoding(false), "UTF-8", ','),
        "google-sheets-crlf" => Encode(Text(',', "\r\n", quoteAll: false), new UTF8Encoding(false), "UTF-8", ','),
        "libreoffice-quote-all" => Encode(Text(',', "\n", quoteAll: true), new UTF8Encoding(false), "UTF-8", ','),
        "numbers-semicolon" => Encode(Text(';', "\n", quoteAll: false), new UTF8Encoding(false), "UTF-8", ';'),
        "utf16-le-bom-comma" => Encode(Text(',', "\r\n", quoteAll: false), new UnicodeEncoding(false, true), "UTF-16 LE (with BOM)", ','),
        "utf16-be-bom-comma" => Encode(Text(',', "\r\n", quoteAll: false), new UnicodeEncoding(true, true), "UTF-16 BE (with BOM)", ','),
        _ => throw new ArgumentOutOfRangeException(nameof(spreadsheet), spreadsheet, null),
    };

    /// <summary>The CSV text: header <c>phone,name,company,city</c>, a cell quoted when it must be (or always), quotes doubled.</summary>
    public static string Text(char delimiter, string newline, bool quoteAll)
    {
        string Cell(string value) =>
            quoteAll || value.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
        var text = new StringBuilder();
        text.Append(string.Join(delimiter, new[] { "phone", "name", "company", "city" }.Select(Cell))).Append(newline);
        foreach (var lead in Leads)
            text.Append(string.Join(delimiter, new[] { lead.Phone, lead.Name, lead.Company, lead.City }.Select(Cell))).Append(newline);
        return text.ToString();
    }

    private static File Encode(string text, Encoding encoding, string encodingName, char delimiter) =>
        new([.. encoding.GetPreamble(), .. encoding.GetBytes(text)], encodingName, delimiter);
}
