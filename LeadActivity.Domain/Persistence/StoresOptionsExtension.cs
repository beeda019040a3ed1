using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Domain.Persistence;

/// <summary>Carries the database's <see cref="DatabaseStores"/> in a context's options, for <see cref="LeadActivityDbContext.Stores"/>.</summary>
internal sealed class StoresOptionsExtension(DatabaseStores stores) : IDbContextOptionsExtension
{
    public DatabaseStores Stores { get; } = stores;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "";

        // No services of its own: contexts with other stores can share EF's internal service provider.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}
