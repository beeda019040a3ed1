using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Support;

/// <summary>A real, migrated SQLite file in the temp folder, deleted when the test ends.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
    }

    public string Path { get; }
    public string ConnectionString { get; }

    public static string NewPath() =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "leadactivity-tests", $"{Guid.NewGuid():N}.db");

    public static async Task<TestDatabase> CreateAsync()
    {
        var path = NewPath();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var database = new TestDatabase(path);
        await DatabaseInitializer.MigrateAsync(database.ConnectionString);
        return database;
    }

    public LeadActivityDbContext Context(int organizationId) => SqliteDatabase.CreateContext(ConnectionString, organizationId);

    public IDbContextFactory<LeadActivityDbContext> Factory(int organizationId) => SqliteDatabase.CreateFactory(ConnectionString, organizationId);

    public async Task<int> AddOrganizationAsync(string slug)
    {
        await using var db = Context(0);
        var organization = new Organization { Name = slug, Slug = slug, CreatedAt = DateTime.UtcNow };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    }

    public async Task<Campaign> AddCampaignAsync(int organizationId, string name = "Spring", Channel channel = Channel.Phone, string region = "US")
    {
        await using var db = Context(organizationId);
        var campaign = new Campaign
        {
            Name = name, Channel = channel, Status = CampaignStatus.Active, DefaultRegion = region,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(Path + suffix);
        var imports = ImportStorage.BesideDatabase(ConnectionString).Folder;
        if (Directory.Exists(imports))
            Directory.Delete(imports, recursive: true);
        return ValueTask.CompletedTask;
    }
}
