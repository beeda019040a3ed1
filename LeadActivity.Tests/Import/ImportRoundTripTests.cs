using System.Text;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Tests.Import;

/// <summary>
/// The files the app writes go back in: a real import's Leads export imports into a fresh campaign as the same leads
/// (names, numbers, emails, fields), and its rejected rows, once fixed, import too — neither with a single warning.
/// </summary>
public abstract class ImportRoundTripTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportHarness harness = null!;

    public async Task InitializeAsync() => harness = await ImportHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    /// <summary>As Excel saves “CSV UTF-8”: a BOM and CRLF; two rows are bad, one lead has no name, one only WhatsApp.</summary>
    private static byte[] ExcelFile() => [.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n",
        "Phone,Name,Email,Company,Budget,Signup date,Opted in,Plan,WhatsApp",
        "+14155550101,Zoë Ødegaard,zoe@example.com,\"Acme, Inc.\",1200,2026-03-04,yes,Pro,",
        "+14155550102,=HYPERLINK(\"x\"),,@Globex,12.5,,no,basic,+447911123456",
        ",Wanda Whatsapp,wanda@example.com,,,,,,+447911123457",
        "+14155550103,,,,,,,,",
        "+1 415 555,Bad Number,,Initech,,,,,",
        "+14155550104,Bad Budget,,Initech,lots,,,,",
        "+442079460958,\"Françoise \"\"Fanny\"\" Lefèvre\",,-Hooli,-3,2025-12-31,true,Basic,",
        "") + "\r\n")];

    [SkippableFact]
    public async Task The_export_of_an_import_and_its_fixed_rejected_rows_import_again_as_the_same_leads_without_a_warning()
    {
        var first = await ImportAsync(harness.Campaign.Id, ExcelFile());
        Assert.Equal((5, 2), (first.Created, first.Rejected));
        var original = Leads(await harness.LeadsAsync());

        // The Leads page's export of the campaign, as the endpoint writes it (UTF-8 with a BOM).
        var export = new MemoryStream();
        var query = new LeadQuery(harness.Connections, new FixedOrganizationScope(harness.OrganizationId));
        await LeadCsvExport.WriteAsync(export, query.ExportAsync(new LeadFilter { CampaignId = harness.Campaign.Id }),
            ImportHarness.Fields.Select(f => f.Key).ToList());
        Assert.True(export.ToArray().AsSpan().StartsWith(new UTF8Encoding(true).GetPreamble()));

        var fresh = await harness.AddCampaignAsync("Autumn");
        var preview = (await harness.Importer.PreviewAsync(fresh.Id, await harness.UploadAsync(export.ToArray(), "leads-export.csv")))!;
        Assert.True(preview.CanCommit, string.Join(" ", preview.Problems));
        Assert.Empty(preview.Warnings);
        Assert.True(preview.Columns!.HasName);
        Assert.Equal(ImportHarness.Fields.Select(f => f.Key), preview.Columns.Fields.Select(f => f.Field.Key));
        // The export's own bookkeeping (campaign, status, times) is not offered as fields to create.
        Assert.Empty(preview.Columns.Ignored);
        Assert.Equal((5, 5, 0), (preview.Rows, preview.New, preview.Invalid));
        var again = await CommitAsync(fresh.Id, preview);
        Assert.Equal((5, 0), (again.Created, again.Rejected));
        Assert.Equal(original, Leads((await harness.LeadsAsync(fresh.Id))));

        // The rejected rows, fixed as a person would, import into the first campaign; their “error” column is the app's own.
        var rejected = await File.ReadAllBytesAsync((await harness.Importer.RejectedRowsPathAsync(first.Id))!);
        Assert.True(rejected.AsSpan().StartsWith(new UTF8Encoding(true).GetPreamble()));
        var text = Encoding.UTF8.GetString(rejected).Replace("'+1 415 555", "+14155550105").Replace(",lots,", ",7,");
        var fixedPreview = (await harness.Importer.PreviewAsync(harness.Campaign.Id,
            await harness.UploadAsync([.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'))], "rejected.csv")))!;
        Assert.True(fixedPreview.CanCommit, string.Join(" ", fixedPreview.Problems));
        Assert.Empty(fixedPreview.Warnings);
        Assert.Empty(fixedPreview.Columns!.Ignored);
        Assert.Equal((2, 2, 0), (fixedPreview.Rows, fixedPreview.New, fixedPreview.Invalid));
        var fixedImport = await CommitAsync(harness.Campaign.Id, fixedPreview);
        Assert.Equal(2, fixedImport.Created);
        var added = (await harness.LeadsAsync()).Skip(5).ToList();
        Assert.Equal([("Bad Number", "+14155550105", "Initech", (string?)null), ("Bad Budget", "+14155550104", "Initech", "7")],
            added.Select(l => (l.Name, l.Phone!, l.Fields["company"], l.Fields.GetValueOrDefault("budget"))));
    }

    private static List<string> Leads(IEnumerable<Lead> leads) => leads
        .Select(l => $"{l.Name}|{l.Phone}|{l.WhatsApp}|{l.Email}|{string.Join(";", l.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))}")
        .Order(StringComparer.Ordinal)
        .ToList();

    private async Task<LeadImport> ImportAsync(int campaignId, byte[] bytes)
    {
        var preview = (await harness.Importer.PreviewAsync(campaignId, await harness.UploadAsync(bytes)))!;
        Assert.True(preview.CanCommit, string.Join(" ", preview.Problems));
        Assert.Equal("1 new lead has no name and will be named by its phone number.", Assert.Single(preview.Warnings));
        return await CommitAsync(campaignId, preview);
    }

    private async Task<LeadImport> CommitAsync(int campaignId, LeadImportPreview preview)
    {
        var (id, error) = await harness.Importer.StartAsync(campaignId, preview, ExistingLeadAction.Skip);
        Assert.Null(error);
        await harness.Jobs.WhenFinishedAsync(id!.Value);
        var import = (await harness.Importer.FindAsync(id.Value))!;
        Assert.True(import.State == LeadImportState.Completed, import.Message);
        return import;
    }
}

public sealed class ImportRoundTripOnSqliteTests() : ImportRoundTripTests(DatabaseProvider.Sqlite);

public sealed class ImportRoundTripOnPostgresTests() : ImportRoundTripTests(DatabaseProvider.Postgres);
