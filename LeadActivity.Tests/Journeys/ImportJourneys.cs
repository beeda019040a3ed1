using System.Text;
using LeadActivity.Tests.Browser;
using LeadActivity.Tests.Import;
using Microsoft.Playwright;

namespace LeadActivity.Tests.Journeys;

/// <summary>
/// A person imports the CSV their spreadsheet saved, by clicking “Choose a file” and picking it in the file chooser,
/// reads the preview, clicks Import and reads the outcome; then exports the Leads page and imports that file into
/// another campaign. Only clicks and the file chooser act; campaigns are arranged through the app beforehand.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportJourneys(BrowserFixture browser)
{
    private static readonly int Leads = SpreadsheetFiles.Leads.Length;

    [BrowserFact]
    public Task A_CSV_saved_by_Excel_as_CSV_UTF8_previews_every_row_new_and_imports() => ImportSpreadsheetFileAsync("excel-csv-utf8", "UTF-8 (with BOM)", "comma");

    [BrowserFact]
    public Task A_CSV_downloaded_from_Google_Sheets_previews_every_row_new_and_imports() => ImportSpreadsheetFileAsync("google-sheets-lf", "UTF-8", "comma");

    [BrowserFact]
    public Task A_UTF16_CSV_with_a_byte_order_mark_previews_every_row_new_and_imports() => ImportSpreadsheetFileAsync("utf16-le-bom-comma", "UTF-16 LE (with BOM)", "comma");

    [BrowserFact]
    public Task A_semicolon_separated_CSV_from_a_European_Excel_previews_every_row_new_and_imports() =>
        ImportSpreadsheetFileAsync("excel-csv-utf8-semicolon", "UTF-8 (with BOM)", "semicolon");

    [BrowserFact]
    public async Task The_Leads_page_export_imports_into_another_campaign_without_a_warning()
    {
        var source = await browser.App.AddCampaignAsync("Exported");
        var target = await browser.App.AddCampaignAsync("Re-imported");
        var page = await browser.NewPageAsync();
        await ImportAsync(page, source, WriteFile("excel-csv-utf8"));

        await page.OpenAsync($"/leads?campaign={source}");
        await Assertions.Expect(page.Locator("#leads-grid .la-lead-name")).ToHaveCountAsync(Leads);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-csv").ClickAsync());
        var exported = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(exported);

        await page.OpenAsync($"/campaigns/{target}/leads");
        await ChooseFileAsync(page, exported);
        await ExpectEveryRowNewAsync(page);
        await Assertions.Expect(page.Locator("#import-ignored")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#import-app-columns")).ToContainTextAsync("status");
        await CommitAsync(page);
        foreach (var lead in SpreadsheetFiles.Leads)
            await Assertions.Expect(page.Locator("#campaign-newest-leads")).ToContainTextAsync(lead.Name);
    }

    [BrowserFact]
    public async Task The_rejected_rows_downloaded_fixed_and_chosen_again_import_without_a_warning()
    {
        var campaign = await browser.App.AddCampaignAsync("Fixed");
        var page = await browser.NewPageAsync();
        var withBadRows = SpreadsheetFiles.Text(',', "\r\n", quoteAll: false) + "+1 415 555,Too Short,Acme,Oslo\r\n4155550188,Local Number,Acme,Oslo\r\n";
        await page.OpenAsync($"/campaigns/{campaign}/leads");
        await ChooseFileAsync(page, WriteFile(withBadRows, "excel-with-bad-rows"));
        await ExpectCountsAsync(page, Leads, invalid: 2);
        await CommitAsync(page, $"{Leads} created · 0 updated · 0 skipped · 2 rejected");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#import-download-rejected").ClickAsync());
        var rejected = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(rejected);
        // The person corrects the two numbers in their spreadsheet, which saves the file as it found it (with its BOM).
        var corrected = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(rejected)).TrimStart('\uFEFF')
            .Replace("'+1 415 555", "+14155550187").Replace("4155550188", "+14155550188");
        await ChooseFileAsync(page, WriteFile(corrected, "rejected-fixed"));

        await ExpectCountsAsync(page, 2, invalid: 0);
        // Only the file's own column the campaign has no field for is offered, not the app's reason column.
        await Assertions.Expect(page.Locator("#import-ignored .la-ignored-column")).ToHaveTextAsync(["city Create field “city”"]);
        await Assertions.Expect(page.Locator("#import-app-columns")).ToContainTextAsync("error");
        await CommitAsync(page, "2 created · 0 updated · 0 skipped · 0 rejected");
        await Assertions.Expect(page.Locator("#campaign-newest-leads")).ToContainTextAsync("Local Number");
    }

    private async Task ImportSpreadsheetFileAsync(string spreadsheet, string encoding, string delimiter)
    {
        var campaign = await browser.App.AddCampaignAsync(spreadsheet);
        var page = await browser.NewPageAsync();

        await page.OpenAsync($"/campaigns/{campaign}/leads");
        await ChooseFileAsync(page, WriteFile(spreadsheet));

        await ExpectEveryRowNewAsync(page);
        await Assertions.Expect(page.Locator("#import-encoding")).ToHaveTextAsync(encoding);
        await Assertions.Expect(page.Locator("#import-delimiter")).ToHaveTextAsync($"{delimiter}-separated");
        await Assertions.Expect(page.Locator("#import-sample-rows")).ToContainTextAsync("Zoë Ødegaard");
        await CommitAsync(page);
        foreach (var lead in SpreadsheetFiles.Leads)
            await Assertions.Expect(page.Locator("#campaign-newest-leads")).ToContainTextAsync(lead.Name);
    }

    private static async Task ImportAsync(IPage page, int campaign, string file)
    {
        await page.OpenAsync($"/campaigns/{campaign}/leads");
        await ChooseFileAsync(page, file);
        await ExpectEveryRowNewAsync(page);
        await CommitAsync(page);
    }

    /// <summary>Clicks “Choose a file” and picks <paramref name="path"/> in the file chooser that opens.</summary>
    private static async Task ChooseFileAsync(IPage page, string path)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Locator("#import-choose").ClickAsync());
        await chooser.SetFilesAsync(path);
    }

    private static Task ExpectEveryRowNewAsync(IPage page) => ExpectCountsAsync(page, Leads, invalid: 0);

    /// <summary>The preview's counts: <paramref name="newLeads"/> new, no duplicates or existing leads, and no problem or warning.</summary>
    private static async Task ExpectCountsAsync(IPage page, int newLeads, int invalid)
    {
        await Assertions.Expect(page.Locator("#import-counts")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#count-new .la-count-value")).ToHaveTextAsync(newLeads.ToString());
        await Assertions.Expect(page.Locator("#count-duplicates .la-count-value")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#count-existing .la-count-value")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#count-invalid .la-count-value")).ToHaveTextAsync(invalid.ToString());
        await Assertions.Expect(page.Locator(".la-import-problem")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".la-import-warning")).ToHaveCountAsync(0);
    }

    private static async Task CommitAsync(IPage page, string? counts = null)
    {
        await page.Locator("#import-commit").ClickAsync();
        await Assertions.Expect(page.Locator("#import-report-counts")).ToHaveTextAsync(counts ?? $"{Leads} created · 0 updated · 0 skipped · 0 rejected",
            new() { Timeout = 60_000 });
    }

    /// <summary>The corpus file as the spreadsheet saves it, under a .csv name of its own.</summary>
    private static string WriteFile(string spreadsheet) => WriteFile(SpreadsheetFiles.Write(spreadsheet).Bytes, spreadsheet);

    /// <summary><paramref name="text"/> as Excel saves “CSV UTF-8”: a BOM, then UTF-8.</summary>
    private static string WriteFile(string text, string name) => WriteFile([.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(text)], name);

    private static string WriteFile(byte[] bytes, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
