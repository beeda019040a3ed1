using LeadActivity.App.Api;
using LeadActivity.App.Components.Layout;
using LeadActivity.Domain;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Agent;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Demo;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.Data.Sqlite;
using MudBlazor.Services;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Start-up in the order it must happen: check the settings, bring the database up to date, seed the demo, then
/// register services and map endpoints. Program.cs reads as a table of contents of this class.
/// </summary>
internal static class LeadActivityStartup
{
    /// <summary>
    /// Validates the connection string: the only part of preparing the database the host's services need.
    /// </summary>
    /// <exception cref="DatabaseConfigurationException">The setting must be fixed; the message says what.</exception>
    public static string DatabaseConnectionString(this WebApplicationBuilder builder) =>
        SqliteDatabase.Prepare(builder.Configuration.GetConnectionString(SqliteDatabase.ConnectionStringName), SettingsFile.Directory);

    /// <summary>
    /// Migrates and seeds. Program runs it alongside building the host (EF builds its model meanwhile); requests and
    /// the agent wait for it through <see cref="DatabaseStartup"/>, and a database that cannot work stops the app with
    /// one line instead of a failing host.
    /// </summary>
    /// <exception cref="DatabaseConfigurationException">Something in the settings must be fixed; the message says what.</exception>
    public static async Task<StartupReport> PrepareDatabaseAsync(string connectionString, DemoSettings demo)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await DatabaseInitializer.MigrateAsync(connectionString);
            var seeded = demo.Enabled
                ? await DatabaseInitializer.SeedDemoIfEmptyAsync(connectionString, new DemoSeedOptions
                {
                    Leads = demo.Leads,
                    OrganizationSlug = demo.OrganizationSlug,
                    ApiKey = demo.ApiKey,
                    Now = DateTime.UtcNow,
                })
                : null;
            var organizationId = await DatabaseInitializer.FindOrganizationIdAsync(connectionString, demo.OrganizationSlug) ?? 0;
            return new StartupReport(connectionString, organizationId, seeded, stopwatch.Elapsed);
        }
        catch (SqliteException e)
        {
            throw new DatabaseConfigurationException(
                $"the database {new SqliteConnectionStringBuilder(connectionString).DataSource} cannot be opened or migrated (SQLite: {e.Message.TrimEnd('.')}): fix or remove the file, or point ConnectionStrings:LeadActivity elsewhere.");
        }
    }

    public static void AddLeadActivityApp(this WebApplicationBuilder builder, string connectionString, DatabaseStartup database)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        var maxImportMegabytes = builder.Configuration.GetValue("Import:MaxFileMegabytes", 100);
        if (maxImportMegabytes <= 0)
            throw new DatabaseConfigurationException($"Import:MaxFileMegabytes must be a positive number of megabytes, not {maxImportMegabytes}.");
        services.AddSingleton(new ImportSettings(maxImportMegabytes * 1024L * 1024));
        services.AddLeadActivityDomain(connectionString);
        services.AddSingleton(database);
        services.AddSingleton(database.Organization);
        services.AddScoped<CurrentOrganization>();
        services.AddScoped<IOrganizationScope>(sp => sp.GetRequiredService<CurrentOrganization>());
        services.AddOpenApi();
        services.AddScoped<ICurrentUser, DemoCurrentUser>();
        services.AddScoped<ThemeState>();
        services.AddScoped<Components.Shared.UserClock>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        var agent = builder.Configuration.GetSection("Agent").Get<AgentSettings>() ?? new AgentSettings();
        if (agent.Simulated)
        {
            services.AddSingleton(agent);
            services.AddSingleton<SimulatedAgent>();
            services.AddSingleton<IAgentDialer>(sp => sp.GetRequiredService<SimulatedAgent>());
            services.AddSingleton(sp => new FollowUpDispatcher(
                SqliteDatabase.CreateFactory(connectionString, 0), sp.GetRequiredService<IAgentDialer>(), sp.GetRequiredService<TimeProvider>()));
            services.AddHostedService<AgentWorker>();
        }
    }

    public static void UseLeadActivityPipeline(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<DatabaseStartup>();
        app.Use(async (context, next) =>
        {
            await database.ReadyAsync();
            await next(context);
        });
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapOpenApi();
        app.MapActivityApi();
        app.MapLeadExport();
        app.MapImportFiles();
        app.MapDemoRecordings();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
    }

    /// <summary>Imports a stopped process left queued or running never committed: they are marked failed, their files removed.</summary>
    public static Task RecoverInterruptedImportsAsync(this WebApplication app) =>
        app.Services.GetRequiredService<LeadImportJobs>().RecoverInterruptedAsync();

    public static void LogDatabase(this WebApplication app, StartupReport startup)
    {
        if (startup.Seeded is { } seeded)
            app.Logger.LogInformation("Seeded the demo organization: {Leads} leads, {Activities} activities, {FollowUps} follow-ups in {Elapsed} ms",
                seeded.Leads, seeded.Activities, seeded.FollowUps, (int)seeded.Elapsed.TotalMilliseconds);
        app.Logger.LogInformation("Database {DataSource} ready in {Elapsed} ms", new SqliteConnectionStringBuilder(startup.ConnectionString).DataSource,
            (int)startup.DatabaseReady.TotalMilliseconds);
    }
}

internal sealed record StartupReport(string ConnectionString, int OrganizationId, DemoSeedResult? Seeded, TimeSpan DatabaseReady);

/// <summary>The database being prepared at start-up; whatever needs it (requests, the agent) awaits it first.</summary>
internal sealed class DatabaseStartup(Task<StartupReport> preparing)
{
    public DefaultOrganization Organization { get; } = new();

    public async Task<StartupReport> ReadyAsync()
    {
        var report = await preparing;
        Organization.Id = report.OrganizationId;
        return report;
    }
}
