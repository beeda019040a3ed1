using System.Reflection;
using LeadActivity.Domain;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Tests.Persistence;

/// <summary>A database brings its own set of seams, every one from its folder, and the app's services get that set.</summary>
public sealed class DatabaseStoresTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "LeadActivity.Domain.Persistence.Sqlite")]
    [InlineData(DatabaseProvider.Postgres, "LeadActivity.Domain.Persistence.Postgres")]
    public async Task Every_seam_of_a_database_is_implemented_in_its_own_folder(DatabaseProvider provider, string expectedNamespace)
    {
        await using var database = Database(provider);

        var seams = typeof(DatabaseStores).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(p => (p.Name, Value: p.GetValue(database.Stores)))
            .ToList();

        Assert.True(seams.Count >= 10, $"only {seams.Count} seams");
        Assert.All(seams, seam => Assert.Equal(expectedNamespace, seam.Value?.GetType().Namespace));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_services_get_the_seams_of_the_configured_database(DatabaseProvider provider)
    {
        await using var database = Database(provider);
        var services = new ServiceCollection().AddLogging().AddLeadActivityDomain(database);
        await using var provided = services.BuildServiceProvider();

        Assert.Same(database.Stores.CampaignFields, provided.GetRequiredService<ICampaignFieldValues>());
        Assert.Same(database.Stores.FollowUpClaims, provided.GetRequiredService<IFollowUpClaims>());
        Assert.Same(database.Stores.Locks, provided.GetRequiredService<IClusterLocks>());
        Assert.Same(database.Stores.Errors, provided.GetRequiredService<IDatabaseErrors>());
    }

    // Nothing is opened: a PostgreSQL database is only a data source until a connection is asked for.
    private static LeadActivityDatabase Database(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? LeadActivityDatabase.Postgres("Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody", Path.GetTempPath())
        : LeadActivityDatabase.Sqlite("Data Source=:memory:");
}
