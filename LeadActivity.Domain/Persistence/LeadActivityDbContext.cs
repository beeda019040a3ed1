using System.Linq.Expressions;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.ApiKeys;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// The database. Every query is filtered to <see cref="IOrganizationScope"/>'s organization and every new row is
/// stamped with it: this is the one place organization scoping lives. Work that spans organizations (seeding,
/// the follow-up dispatcher) says so with <c>IgnoreQueryFilters()</c>. Identity's tables live here too; people are
/// looked up before an organization is known, so <see cref="OrganizationMembers"/> scopes them instead.
/// </summary>
public class LeadActivityDbContext : IdentityDbContext<LeadActivityUser>, IDataProtectionKeyContext
{
    private readonly IOrganizationScope _scope;

    public LeadActivityDbContext(DbContextOptions<LeadActivityDbContext> options, IOrganizationScope scope) : this((DbContextOptions)options, scope)
    {
    }

    /// <summary>For <see cref="PostgresMigrationsContext"/>, the same model under its own migrations.</summary>
    protected LeadActivityDbContext(DbContextOptions options, IOrganizationScope scope) : base(options) => _scope = scope;

    /// <summary>The storage seams of the database this context is on (set up by <see cref="LeadActivityDatabase.Configure"/>).</summary>
    public DatabaseStores Stores => _stores ??= this.GetService<IDbContextOptions>().FindExtension<StoresOptionsExtension>()?.Stores
        ?? throw new InvalidOperationException("This context was not set up by LeadActivityDatabase.Configure, so it has no stores.");

    private DatabaseStores? _stores;

    /// <summary>Read by the query filters; EF evaluates it per query, so it follows the scope.</summary>
    public int CurrentOrganizationId => _scope.OrganizationId;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<SavedLeadView> SavedLeadViews => Set<SavedLeadView>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<LeadImport> LeadImports => Set<LeadImport>();
    public DbSet<LeadImportRejectedRows> LeadImportRejectedRows => Set<LeadImportRejectedRows>();
    public DbSet<Import.Sources.LeadSource> LeadSources => Set<Import.Sources.LeadSource>();
    public DbSet<Leads.Bulk.BulkAction> BulkActions => Set<Leads.Bulk.BulkAction>();
    public DbSet<Leads.Bulk.DeletedRow> DeletedRows => Set<Leads.Bulk.DeletedRow>();

    /// <summary>ASP.NET Core Data Protection's keys, shared by every app server on the database (cookies, antiforgery, stored credentials).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Ticks sort and compare in SQL, unlike SQLite's text dates with offsets; all times are UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(24);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LeadActivityDbContext).Assembly);

        modelBuilder.Entity<Organization>().HasQueryFilter(o => o.Id == CurrentOrganizationId);
        foreach (var entityType in modelBuilder.Model.GetEntityTypes()
                     .Where(t => typeof(IOrganizationOwned).IsAssignableFrom(t.ClrType)))
        {
            modelBuilder.Entity(entityType.ClrType).HasQueryFilter(OrganizationFilter(entityType.ClrType));
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>Stamps the organization, saves, and indexes new leads for search in the same transaction.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampOrganization();
        var newLeads = Stores.SearchIndex.IndexesOnInsert
            ? ChangeTracker.Entries<Lead>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList()
            : [];
        if (newLeads.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        // The new leads' ids are only theirs once the changes are accepted, so the search rows follow the save; should
        // they fail, the transaction rolls back and the context (used once per operation) is discarded with it.
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await Stores.SearchIndex.AddAsync(this, newLeads, cancellationToken);
        if (transaction is not null)
            await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    private void StampOrganization()
    {
        foreach (var entry in ChangeTracker.Entries<IOrganizationOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.OrganizationId == 0)
            {
                if (CurrentOrganizationId == 0)
                    throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} cannot be created without an organization in scope.");
                entry.Entity.OrganizationId = CurrentOrganizationId;
            }

            if (entry.State is EntityState.Added or EntityState.Modified
                && entry.Entity.OrganizationId != CurrentOrganizationId
                && !writesAcrossOrganizations)
            {
                throw new InvalidOperationException(
                    $"A {entry.Metadata.ClrType.Name} of organization {entry.Entity.OrganizationId} cannot be written in the scope of organization {CurrentOrganizationId}.");
            }
        }
    }

    private bool writesAcrossOrganizations;

    /// <summary>For system work (seeding) that writes rows of organizations other than the scope's.</summary>
    public void AllowWritesAcrossOrganizations() => writesAcrossOrganizations = true;

    private LambdaExpression OrganizationFilter(Type clrType)
    {
        var entity = Expression.Parameter(clrType, "e");
        var body = Expression.Equal(
            Expression.Property(entity, nameof(IOrganizationOwned.OrganizationId)),
            Expression.Property(Expression.Constant(this), nameof(CurrentOrganizationId)));
        return Expression.Lambda(body, entity);
    }
}
