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

    private static async Task ExpectEveryRowNewAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("#import-counts")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#count-new .la-count-value")).ToHaveTextAsync(Leads.ToString());
        await Assertions.Expect(page.Locator("#count-duplicates .la-count-value")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#count-existing .la-count-value")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#count-invalid .la-count-value")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator(".la-import-problem")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".la-import-warning")).ToHaveCountAsync(0);
    }

    private static async Task CommitAsync(IPage page)
    {
        await page.Locator("#import-commit").ClickAsync();
        await Assertions.Expect(page.Locator("#import-report-counts")).ToHaveTextAsync($"{Leads} created · 0 updated · 0 skipped · 0 rejected",
            new() { Timeout = 60_000 });
    }

    /// <summary>The corpus file as the spreadsheet saves it, under a .csv name of its own.</summary>
    private static string WriteFile(string spreadsheet)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{spreadsheet}-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, SpreadsheetFiles.Write(spreadsheet).Bytes);
        return path;
    }
}
