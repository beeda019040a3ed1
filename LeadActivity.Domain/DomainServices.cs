using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadActivity.Domain;

public static class DomainServices
{
    /// <summary>
    /// Registers the database and the domain services. The host registers an <see cref="Organizations.IOrganizationScope"/>;
    /// contexts are created per operation and per scope, so each reads its scope's organization.
    /// </summary>
    public static IServiceCollection AddLeadActivityDomain(this IServiceCollection services, LeadActivityDatabase database) =>
        services.AddLeadActivityDomain(database, new ActivityStreamOptions());

    /// <summary>
    /// Registers the database and the domain services, with the live feed between nodes as <paramref name="events"/>
    /// says (<c>Events:Redis</c>).
    /// </summary>
    public static IServiceCollection AddLeadActivityDomain(this IServiceCollection services, LeadActivityDatabase database, ActivityStreamOptions events)
    {
        services.AddDbContextFactory<LeadActivityDbContext>(o => database.Configure(o), ServiceLifetime.Scoped);
        services.AddSingleton(database);
        // The database's storage seams, chosen once with it.
        services.AddSingleton(database.Stores);
        services.AddSingleton(database.Stores.CampaignFields);
        services.AddSingleton(database.Stores.FollowUpClaims);
        services.AddSingleton(database.Stores.Locks);
        services.AddSingleton(database.Stores.Errors);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(events);
        services.AddSingleton(sp => new ActivityStream(events, sp.GetService<Microsoft.Extensions.Logging.ILogger<ActivityStream>>(), database));
        services.AddSingleton(sp => new CampaignFigures(database, sp.GetRequiredService<ActivityStream>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<CampaignFigures>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<CampaignFigures>.Instance));
        services.AddSingleton(sp => new RangeFigures(database, sp.GetRequiredService<ActivityStream>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<RangeFigures>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<RangeFigures>.Instance));
        services.AddSingleton(sp => sp.GetRequiredService<ActivityStream>().Delivery);
        services.AddScoped<ActivityRecorder>();
        services.AddSingleton<ActivityGroupCommit>();
        services.AddScoped<ApiKeys.ApiKeyAuthenticator>();
        services.AddScoped<ApiKeys.ApiKeyService>();
        services.AddScoped<Accounts.OrganizationMembers>();
        services.AddScoped<Accounts.MemberSignIns>();
        services.AddSingleton<ApiKeys.ApiKeyCache>();
        services.AddScoped<ActivityFeed>();
        services.AddScoped<CampaignDirectory>();
        services.AddScoped<CampaignService>();
        services.AddScoped<CampaignSettingsService>();
        services.AddScoped<CampaignFieldService>();
        services.AddScoped<Leads.LeadQuery>();
        services.AddScoped<Leads.LeadDetailQuery>();
        services.AddScoped<Leads.LeadService>();
        services.AddScoped<Leads.SavedLeadViews>();
        services.AddScoped<Leads.NoteService>();
        services.AddSingleton<Leads.Bulk.LeadBulkJobs>();
        services.AddScoped<Leads.Bulk.LeadBulkActions>();
        services.AddScoped<FollowUps.FollowUpService>();
        services.AddScoped<DatabaseStatus>();
        services.AddSingleton(ImportStorage.For(database));
        services.TryAddSingleton(new ImportSettings());
        // The host registers the configured node (Node:Name) first; otherwise this process gets a name of its own.
        services.TryAddSingleton(AppNode.Create());
        services.AddSingleton<LeadImportJobs>();
        services.AddScoped<LeadImporter>();
        services.TryAddSingleton(new Import.Sources.LeadSourceFetchOptions());
        services.AddSingleton<Import.Sources.LeadSourceSecrets>();
        services.AddSingleton<Import.Sources.LeadSourcePulls>();
        services.AddScoped<Import.Sources.LeadSourceService>();
        return services;
    }
}
