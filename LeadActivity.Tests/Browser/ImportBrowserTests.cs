using System.Text;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Persistence;
using Microsoft.Playwright;
using PhoneNumbers;

namespace LeadActivity.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ImportBrowserTests(BrowserFixture browser)
{
    private const int Rows = 20_000;

    [BrowserFact]
    public async Task A_CSV_dropped_on_the_Leads_tab_is_previewed_imported_and_its_rejected_rows_downloaded()
    {
        var campaignId = await browser.App.AddCampaignAsync("Imported");
        var csv = WriteCsv();
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"/campaigns/{campaignId}/leads");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#import-drop-zone')?.closest('.mud-input-control, .mud-file-upload')?.querySelector('input[type=file]') ?? document.querySelector('input[type=file]'); return i && i._blazorInputFileNextFileId !== undefined; }");

        await DropFileAsync(page, "#import-drop-zone", csv);

        await Assertions.Expect(page.Locator("#import-preview")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#count-new .la-count-value")).ToHaveTextAsync((Rows - 3).ToString("N0"));
        await Assertions.Expect(page.Locator("#count-duplicates .la-count-value")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#count-existing .la-count-value")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#count-invalid .la-count-value")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#import-invalid-rows")).ToContainTextAsync("local format — add the country code");
        await Assertions.Expect(page.Locator("#import-delimiter")).ToHaveTextAsync("comma-separated");

        await page.ClickAsync("#import-commit");
        await Assertions.Expect(page.Locator("#import-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#import-report")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#import-report-counts")).ToHaveTextAsync($"{Rows - 3:N0} created · 0 updated · 1 skipped · 2 rejected");
        await Assertions.Expect(page.Locator("#import-history tbody tr")).ToHaveCountAsync(1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#import-download-rejected"));
        var rejected = await File.ReadAllTextAsync((await download.PathAsync())!);
        var lines = rejected.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("phone,name,company,error", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("not a valid phone number", rejected);

        await page.OpenAsync($"/leads?campaign={campaignId}&q=Zanzibar");
        await Assertions.Expect(page.Locator(".la-lead-name")).ToHaveTextAsync("Quillon Zanzibar");
    }

    /// <summary>
    /// Drops a file the way a person's mouse does: a trusted drag sequence through the DevTools protocol. The zone
    /// raises its file input over itself when a drag enters, so the drop waits for that, as a hand moving would.
    /// </summary>
    private static async Task DropFileAsync(IPage page, string selector, string path)
    {
        var box = (await page.Locator(selector).BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        var session = await page.Context.NewCDPSessionAsync(page);
        var data = new Dictionary<string, object> { ["items"] = Array.Empty<object>(), ["files"] = new[] { path }, ["dragOperationsMask"] = 1 };
        Task DragAsync(string type) => session.SendAsync("Input.dispatchDragEvent",
            new Dictionary<string, object> { ["type"] = type, ["x"] = x, ["y"] = y, ["data"] = data });

        await DragAsync("dragEnter");
        await page.WaitForFunctionAsync(FormattableString.Invariant($"() => document.elementFromPoint({x}, {y})?.matches('input[type=file]')"));
        await DragAsync("dragOver");
        await DragAsync("drop");
    }

    /// <summary>Rows of valid, distinct US numbers in assorted formats, plus one duplicate, one local number and one invalid one.</summary>
    private static string WriteCsv()
    {
        var util = PhoneNumberUtil.GetInstance();
        var text = new StringBuilder("phone,name,company\r\n");
        var numbers = new List<string>();
        for (var n = 0L; numbers.Count < Rows - 3; n++)
        {
            var e164 = $"+1{212 + n % 600:000}{300 + n / 600 % 600:000}{1000 + n / 360_000:0000}";
            if (util.IsValidNumber(util.Parse(e164, null)))
                numbers.Add(e164);
        }
        text.Append($"{numbers[0]},Quillon Zanzibar,Acme\r\n");
        for (var i = 1; i < numbers.Count; i++)
            text.Append($"{numbers[i]},Person {i},Globex\r\n");
        text.Append($"\"+1 ({numbers[0][2..5]}) {numbers[0][5..8]}-{numbers[0][8..]}\",Duplicate,Acme\r\n");
        text.Append("(415) 555-0132,Local Number,Acme\r\n");
        text.Append("+1 415 555,Too Short,=HYPERLINK(\"x\")\r\n");
        var path = Path.Combine(Path.GetTempPath(), $"leads-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
