using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// The same model as <see cref="LeadActivityDbContext"/>, as the owner of the PostgreSQL migrations
/// (<c>Persistence/PostgresMigrations</c>): EF keeps one migration history per context type, and SQLite's and
/// PostgreSQL's schemas are written apart. The app only uses it to migrate; it queries through the base type.
/// </summary>
public sealed class PostgresMigrationsContext(DbContextOptions<PostgresMigrationsContext> options)
    : LeadActivityDbContext(options, new Organizations.FixedOrganizationScope(0))
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Names sort byte by byte on both databases, as SQLite compares text, whatever this database's collation.
        modelBuilder.Entity<Leads.Lead>().Property(l => l.SortName).UseCollation("C");
    }
}

/// <summary>Lets <c>dotnet ef migrations add X --context PostgresMigrationsContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMigrationsContext>
{
    public PostgresMigrationsContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMigrationsContext>()
            .UseNpgsql("Host=localhost;Database=design")
            .Options);
}
