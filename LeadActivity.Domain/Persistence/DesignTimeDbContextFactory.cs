using Microsoft.EntityFrameworkCore.Design;

namespace LeadActivity.Domain.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LeadActivityDbContext>
{
    public LeadActivityDbContext CreateDbContext(string[] args) =>
        LeadActivityDatabase.Sqlite("Data Source=design.db").CreateContext(0);
}
