using System.Text;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadActivity.Tests.Import;

/// <summary>A migrated database with one campaign (custom fields of every type) and the import services over it.</summary>
public sealed class ImportHarness : IAsyncDisposable
{
    public static readonly CustomFieldDefinition[] Fields =
    [
        new("company", "Company", CustomFieldType.Text),
        new("budget", "Budget", CustomFieldType.Number),
        new("signup_date", "Signup date", CustomFieldType.Date),
        new("opted_in", "Opted in", CustomFieldType.Boolean),
        new("plan", "Plan", CustomFieldType.Choice, Options: ["Basic", "Pro"]),
    ];

    private ImportHarness(TestDatabase database, int organizationId, Campaign campaign)
    {
        Database = database;
        OrganizationId = organizationId;
        Campaign = campaign;
        Storage = ImportStorage.For(database.Database);
        Connections = database.Database;
        Jobs = new LeadImportJobs(Connections, Storage, new Domain.AppNode("node-a"), TimeProvider.System, NullLogger<LeadImportJobs>.Instance);
        Importer = new LeadImporter(database.Factory(organizationId), new FixedOrganizationScope(organizationId), Connections, Storage, Jobs, new FixedUser("u1", "Sam Rivera"),
            TimeProvider.System, new ImportSettings());
    }

    public TestDatabase Database { get; }
    public int OrganizationId { get; }
    public Campaign Campaign { get; }
    public ImportStorage Storage { get; }
    public LeadActivityDatabase Connections { get; }
    public LeadImportJobs Jobs { get; }
    public LeadImporter Importer { get; }

    private readonly List<LeadImportJobs> _otherNodes = [];

    /// <summary>Another app server on the same database: its own import jobs under <paramref name="name"/>, and an importer using them.</summary>
    public (LeadImportJobs Jobs, LeadImporter Importer) AddNode(string name)
    {
        var jobs = new LeadImportJobs(Connections, Storage, new Domain.AppNode(name), TimeProvider.System, NullLogger<LeadImportJobs>.Instance);
        _otherNodes.Add(jobs);
        return (jobs, new LeadImporter(Database.Factory(OrganizationId), new FixedOrganizationScope(OrganizationId), Connections, Storage, jobs,
            new FixedUser("u2", "Alex Kim"), TimeProvider.System, new ImportSettings()));
    }

    /// <summary>Previews and starts <paramref name="text"/> without waiting for it; returns the import's id.</summary>
    public async Task<int> StartAsync(string text, LeadImporter? importer = null)
    {
        importer ??= Importer;
        var preview = (await importer.PreviewAsync(Campaign.Id, await UploadAsync(text)))!;
        var (id, error) = await importer.StartAsync(Campaign.Id, preview, ExistingLeadAction.Skip);
        Assert.Null(error);
        return id!.Value;
    }

    public static async Task<ImportHarness> CreateAsync(DatabaseProvider provider, bool requiredCompany = false)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var organization = await database.AddOrganizationAsync("acme");
        var campaign = await database.AddCampaignAsync(organization, "Spring");
        await using (var db = database.Context(organization))
        {
            var tracked = await db.Campaigns.FirstAsync(c => c.Id == campaign.Id);
            tracked.Fields = Fields.Select(f => f.Key == "company" && requiredCompany ? f with { Required = true } : f).ToList();
            await db.SaveChangesAsync();
            campaign = tracked;
        }
        return new ImportHarness(database, organization, campaign);
    }

    /// <summary>Another campaign of the organization with the same fields, as a fresh place to import into.</summary>
    public async Task<Campaign> AddCampaignAsync(string name)
    {
        var campaign = await Database.AddCampaignAsync(OrganizationId, name);
        await using var db = Database.Context(OrganizationId);
        var tracked = await db.Campaigns.FirstAsync(c => c.Id == campaign.Id);
        tracked.Fields = [.. Fields];
        await db.SaveChangesAsync();
        return tracked;
    }

    /// <summary>A CSV of <paramref name="rows"/> leads with distinct valid US numbers.</summary>
    public static string ValidCsv(int rows)
    {
        var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
        var text = new StringBuilder("phone,name,company\n");
        var count = 0;
        for (var n = 0L; count < rows; n++)
        {
            var e164 = $"+1{212 + n % 600:000}{300 + n / 600 % 600:000}{1000 + n / 360_000:0000}";
            if (!util.IsValidNumber(util.Parse(e164, null)))
                continue;
            text.Append(e164).Append(",Lead ").Append(count).Append(",Acme\n");
            count++;
        }
        return text.ToString();
    }

    /// <summary>Stores <paramref name="bytes"/> as an upload named <paramref name="name"/>.</summary>
    public async Task<ImportUpload> UploadAsync(byte[] bytes, string name = "leads.csv")
    {
        using var content = new MemoryStream(bytes);
        return await Importer.SaveUploadAsync(content, name, bytes.Length);
    }

    public Task<ImportUpload> UploadAsync(string text, string name = "leads.csv") => UploadAsync(Encoding.UTF8.GetBytes(text), name);

    public async Task<LeadImportPreview> PreviewAsync(string text) => (await Importer.PreviewAsync(Campaign.Id, await UploadAsync(text)))!;

    /// <summary>Previews and commits <paramref name="text"/>, waits for the job and returns the import as recorded.</summary>
    public async Task<LeadImport> ImportAsync(string text, ExistingLeadAction existing = ExistingLeadAction.Skip)
    {
        var preview = await PreviewAsync(text);
        Assert.True(preview.CanCommit, string.Join(" ", preview.Problems));
        var (id, error) = await Importer.StartAsync(Campaign.Id, preview, existing);
        Assert.Null(error);
        await Jobs.WhenFinishedAsync(id!.Value);
        return (await Importer.FindAsync(id.Value))!;
    }

    public async Task<List<Lead>> LeadsAsync(int? campaignId = null)
    {
        campaignId ??= Campaign.Id;
        await using var db = Database.Context(OrganizationId);
        return await db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId).OrderBy(l => l.Id).ToListAsync();
    }

    /// <summary>Every row of every table that an import could write, as a fingerprint to compare before and after.</summary>
    public async Task<string> FingerprintAsync()
    {
        await using var connection = Connections.Open();
        await using var command = connection.CreateCommand();
        // What is searchable: SQLite's index table, PostgreSQL's generated column.
        command.CommandText = Connections.Provider == DatabaseProvider.Postgres
            ? """
              SELECT (SELECT count(*) FROM "Leads") || '/' || (SELECT count(*) FROM "Leads" WHERE "Search" IS NOT NULL) || '/' ||
                     (SELECT coalesce(string_agg("Fields" || "Name", ',' ORDER BY "Id"), '') FROM "Leads") || '/' ||
                     (SELECT count(*) FROM "LeadImports" WHERE "State" = 'Completed')
              """
            : """
              SELECT (SELECT count(*) FROM "Leads") || '/' || (SELECT count(*) FROM "LeadSearch") || '/' ||
                     (SELECT coalesce(group_concat("Fields" || "Name", ','), '') FROM "Leads") || '/' ||
                     (SELECT count(*) FROM "LeadImports" WHERE "State" = 'Completed')
              """;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var jobs in _otherNodes)
            await jobs.DisposeAsync();
        await Jobs.DisposeAsync();
        await Database.DisposeAsync();
    }
}
