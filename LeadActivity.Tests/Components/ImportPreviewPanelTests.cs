using System.Text;
using Bunit;
using LeadActivity.App.Components.Import;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Import;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class ImportPreviewPanelTests
{
    private static readonly Campaign Campaign = new() { Name = "Spring", Fields = [new("company", "Company", CustomFieldType.Text)] };

    [Fact]
    public async Task A_file_that_cannot_be_imported_shows_why_and_offers_no_import_button()
    {
        await using var ctx = NewContext();
        var preview = Preview(problems: ["The campaign requires “budget” (Budget), and the file has no column for it."]);

        var panel = ctx.Render<ImportPreviewPanel>(p => p.Add(x => x.Preview, preview).Add(x => x.Campaign, Campaign));

        Assert.Contains("requires “budget”", panel.Find(".la-import-problem").TextContent);
        Assert.Empty(panel.FindAll("#import-commit"));
        Assert.Equal("Choose another file", panel.Find("#import-discard").TextContent.Trim());
    }

    [Fact]
    public async Task The_counts_the_invalid_rows_and_a_create_field_button_for_an_unmatched_header_are_shown()
    {
        await using var ctx = NewContext();
        IgnoredColumn? created = null;
        var preview = Preview(ignored: [new IgnoredColumn(2, "Favourite colour", "favourite_colour"), new IgnoredColumn(3, "company", "company")]);

        var panel = ctx.Render<ImportPreviewPanel>(p => p
            .Add(x => x.Preview, preview)
            .Add(x => x.Campaign, Campaign)
            .Add(x => x.OnCreateField, EventCallback.Factory.Create<IgnoredColumn>(this, c => created = c)));

        Assert.Equal("7", panel.Find("#count-new .la-count-value").TextContent);
        Assert.Equal("1", panel.Find("#count-invalid .la-count-value").TextContent);
        Assert.Contains("local format", panel.Find("#import-invalid-rows").TextContent);
        Assert.Equal("Import 7 new leads", panel.Find("#import-commit").TextContent.Trim());
        // A header whose key the campaign already has a field for is not offered again.
        var create = Assert.Single(panel.FindAll("[data-create-field]"));
        await create.ClickAsync(new());
        Assert.Equal("favourite_colour", created?.SuggestedKey);
    }

    [Fact]
    public async Task The_first_rows_are_shown_as_read_under_the_encoding_warning()
    {
        await using var ctx = NewContext();
        var preview = Preview() with
        {
            Warnings = ["The file is not valid UTF-8, so it was read as Windows-1252 (Western European). If accents look wrong below, save the file as “CSV UTF-8” and upload it again."],
            SampleRows = [new SampleRow(2, ["+14155550101", "José Müller", "", "Café Olé"])],
        };

        var panel = ctx.Render<ImportPreviewPanel>(p => p.Add(x => x.Preview, preview).Add(x => x.Campaign, Campaign));

        var table = panel.Find("#import-sample-rows");
        Assert.Equal(["Line", "phone", "name", "Favourite colour", "company"], table.QuerySelectorAll("th").Select(th => th.TextContent.Trim()));
        Assert.Equal(["2", "+14155550101", "José Müller", "", "Café Olé"], table.QuerySelectorAll("tbody td").Select(td => td.TextContent.Trim()));
    }

    private static LeadImportPreview Preview(IReadOnlyList<string>? problems = null, IReadOnlyList<IgnoredColumn>? ignored = null)
    {
        var columns = new ImportColumns(["phone", "name", "Favourite colour", "company"], 0, null, 1, null, null, null, [], ignored ?? [], []);
        return new LeadImportPreview(new ImportUpload("/tmp/x.csv", "leads.csv", 2048),
            new CsvFileFormat(Encoding.UTF8, "UTF-8", ',', "LF (Unix)", []), columns, new Dictionary<string, DateOrder>(),
            9, 7, 1, 0, 1, [new RejectedRow(4, "local format — add the country code")], problems ?? [], []);
    }

    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }
}
