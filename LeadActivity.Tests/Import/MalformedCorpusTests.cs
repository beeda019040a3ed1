using System.Text;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Tests.Import;

/// <summary>Every file of the malformed corpus gets a clear, specific message and leaves the database untouched.</summary>
public abstract class MalformedCorpusTests(DatabaseProvider provider) : IAsyncLifetime
{
    public enum Says { Problem, RowReason, Warning }

    private ImportHarness harness = null!;
    private string before = "";

    public static TheoryData<string, Says, string> Corpus => new()
    {
        { "empty.csv", Says.Problem, "The file is empty" },
        { "header-only.csv", Says.Problem, "a header row but no leads" },
        { "only-blank-lines.csv", Says.Problem, "no header row" },
        { "no-phone-column.csv", Says.Problem, "no “phone” or “whatsapp” column" },
        { "unterminated-quote.csv", Says.Problem, "A quote opened on line 2 is never closed" },
        { "ragged-rows.csv", Says.RowReason, "has 2 cells but the header has 3" },
        { "duplicate-headers.csv", Says.Problem, "Columns 1 (“phone”) and 3 (“Phone Number”) are both “phone”" },
        { "delimiters-only-header.csv", Says.Problem, "The first row has no column names" },
        { "blank-header-cell.csv", Says.Problem, "Column 2 has no name in the header row" },
        { "mixed-line-endings.csv", Says.Warning, "" },
        { "excel-scientific-notation.csv", Says.RowReason, "scientific notation" },
        { "letters-in-number.csv", Says.RowReason, "phone number contains letters (“+1 415 FLOWERS”)" },
        { "local-format.csv", Says.RowReason, "local format — add the country code (did you mean +14155550132?)" },
        { "too-short-for-country.csv", Says.RowReason, "not a valid phone number for its country (“+1 415 555”)" },
        { "unassigned-country-code.csv", Says.RowReason, "not a valid phone number for its country" },
        { "windows-1252.csv", Says.Warning, "not valid UTF-8, so it was read as Windows-1252" },
        { "utf16-no-bom.csv", Says.Warning, "UTF-16 without a byte-order mark" },
        { "utf16-bom-invalid.csv", Says.Problem, "says it is UTF-16 but holds bytes that are not" },
        { "utf32.csv", Says.Problem, "UTF-32" },
        { "binary-png.csv", Says.Problem, "not text" },
        { "xlsx-renamed.csv", Says.Problem, "Excel workbook" },
        { "old-excel-renamed.csv", Says.Problem, "old Excel (.xls) workbook" },
        { "nul-bytes-in-text.csv", Says.Problem, "not text" },
        { "empty-phone-cells.csv", Says.RowReason, "needs a phone or WhatsApp number" },
        { "whatsapp-local-format.csv", Says.RowReason, "WhatsApp: local format — add the country code" },
        { "bad-email.csv", Says.RowReason, "email “ana at example” is not an email address" },
        { "field-types-wrong.csv", Says.RowReason,
            "Budget must be a number (like 1200 or 12.5), not “12,5”; Signup date must be a date as yyyy-mm-dd, not “2026-02-31”; " +
            "Opted in must be yes or no, not “maybe”; Plan must be one of Basic, Pro, not “Gold”" },
    };

    public async Task InitializeAsync()
    {
        harness = await ImportHarness.CreateAsync(provider);
        await harness.ImportAsync("phone,name\n+14155550199,Already here\n");
        before = await harness.FingerprintAsync();
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [SkippableTheory]
    [MemberData(nameof(Corpus))]
    public async Task A_malformed_file_gets_a_specific_message_and_writes_nothing(string file, Says says, string message)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", file));
        var preview = (await harness.Importer.PreviewAsync(harness.Campaign.Id, await harness.UploadAsync(bytes, file)))!;

        switch (says)
        {
            case Says.Problem:
                Assert.False(preview.CanCommit);
                Assert.Contains(preview.Problems, p => p.Contains(message, StringComparison.Ordinal));
                var (id, error) = await harness.Importer.StartAsync(harness.Campaign.Id, preview, ExistingLeadAction.Skip);
                Assert.Null(id);
                Assert.NotNull(error);
                break;
            case Says.RowReason:
                Assert.Contains(preview.FirstInvalid, r => r.Reason.Contains(message, StringComparison.Ordinal));
                break;
            case Says.Warning when message.Length > 0:
                Assert.Contains(preview.Warnings, w => w.Contains(message, StringComparison.Ordinal));
                break;
        }
        Assert.Equal(before, await harness.FingerprintAsync());
    }

    [SkippableFact]
    public async Task Mixed_line_endings_are_named_and_every_row_is_read()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", "mixed-line-endings.csv"));
        var preview = (await harness.Importer.PreviewAsync(harness.Campaign.Id, await harness.UploadAsync(bytes)))!;

        Assert.Equal("mixed: CRLF (Windows), LF (Unix), CR (old Mac)", preview.Format!.LineEndings);
        Assert.Equal(3, preview.New);
    }

    [SkippableFact]
    public async Task Text_in_Windows_1252_and_UTF_16_without_a_BOM_is_read_with_its_accents()
    {
        var latin = await harness.ImportAsync(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", "windows-1252.csv"))));
        Assert.Equal(1, latin.Created);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", "utf16-no-bom.csv"));
        var preview = (await harness.Importer.PreviewAsync(harness.Campaign.Id, await harness.UploadAsync(bytes)))!;
        Assert.Equal("UTF-16 LE (no BOM)", preview.Format!.EncodingName);
        var (id, _) = await harness.Importer.StartAsync(harness.Campaign.Id, preview, ExistingLeadAction.Skip);
        await harness.Jobs.WhenFinishedAsync(id!.Value);
        var import = await harness.Importer.FindAsync(id.Value);
        Assert.True(import!.State == LeadImportState.Completed, import.Message);
        Assert.Contains("Zoë Ødegaard", (await harness.LeadsAsync()).Select(l => l.Name));
    }

    [SkippableFact]
    public async Task A_file_read_as_Windows_1252_shows_its_first_rows_so_the_accents_can_be_checked()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", "windows-1252.csv"));
        var preview = (await harness.Importer.PreviewAsync(harness.Campaign.Id, await harness.UploadAsync(bytes)))!;

        Assert.Contains(preview.Warnings, w => w.Contains("If accents look wrong below", StringComparison.Ordinal));
        var row = Assert.Single(preview.SampleRows);
        Assert.Equal(2, row.Line);
        Assert.Equal(["+14155550101", "José Müller"], row.Cells);

        var longer = await harness.PreviewAsync(ImportHarness.ValidCsv(20));
        Assert.Equal([2, 3, 4, 5, 6], longer.SampleRows.Select(r => r.Line));
        Assert.Equal(before, await harness.FingerprintAsync());
    }

    [SkippableFact]
    public async Task A_10_MB_line_is_refused_as_that_row_with_its_length()
    {
        var text = "phone,name\n+14155550101," + new string('a', 10 * 1024 * 1024) + "\n+14155550102,Ben\n";
        var preview = await harness.PreviewAsync(text);

        Assert.Equal((1, 1), (preview.New, preview.Invalid));
        Assert.Contains("is 10,485,760 characters long (at most 10,000)", preview.FirstInvalid[0].Reason);
        Assert.Equal(81, preview.SampleRows[0].Cells[1].Length); // cut short for the preview
        Assert.Equal(before, await harness.FingerprintAsync());
    }

    [SkippableFact]
    public async Task Fifty_thousand_copies_of_one_number_are_one_lead_and_the_rest_duplicates_of_its_line()
    {
        var text = new StringBuilder("phone,name\n");
        for (var i = 0; i < 50_000; i++)
            text.Append(i % 2 == 0 ? "+14155550101" : "\"+1 (415) 555-0101\"").Append(",Copy ").Append(i).Append('\n');
        var preview = await harness.PreviewAsync(text.ToString());

        Assert.Equal((50_000, 1, 49_999, 0), (preview.Rows, preview.New, preview.DuplicatesInFile, preview.Invalid));
        Assert.Equal(before, await harness.FingerprintAsync());
        var import = await harness.ImportAsync(text.ToString());
        Assert.Equal((1, 49_999), (import.Created, import.Skipped));
    }
}

public sealed class MalformedCorpusOnSqliteTests() : MalformedCorpusTests(DatabaseProvider.Sqlite);

public sealed class MalformedCorpusOnPostgresTests() : MalformedCorpusTests(DatabaseProvider.Postgres);
