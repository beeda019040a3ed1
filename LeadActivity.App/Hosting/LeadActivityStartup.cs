using LeadActivity.App.Api;
using LeadActivity.App.Components.Layout;
using LeadActivity.Domain;
using LeadActivity.Domain.Agent;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Demo;
using LeadActivity.Domain.Persistence;
using Microsoft.AspNetCore.DataProtection;
using LeadActivity.App.Hosting.Settings;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Start-up in the order it must happen: check the settings, bring the database up to date, seed the demo, then
/// register services and map endpoints. Program.cs reads as a table of contents of this class.
/// </summary>
internal static class LeadActivityStartup
{
    /// <summary>
    /// Validates <c>Database:Provider</c> and the connection string (<see cref="LeadActivityDatabase.FromSettings"/>):
    /// the only part of preparing the database the host's services need.
    /// </summary>
    /// <exception cref="DatabaseConfigurationException">The setting must be fixed; the message says what.</exception>
    public static LeadActivityDatabase Database(this WebApplicationBuilder builder) => LeadActivityDatabase.FromSettings(
        builder.Configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings(),
        builder.Configuration.GetConnectionString(LeadActivityDatabase.ConnectionStringName), SettingsFile.Directory);

    /// <summary>
    /// Migrates and seeds. Program runs it alongside building the host (EF builds its model meanwhile); requests and
    /// the agent wait for it through <see cref="DatabaseStartup"/>, and a database that cannot work stops the app with
    /// one line instead of a failing host.
    /// </summary>
    /// <exception cref="DatabaseConfigurationException">Something in the settings must be fixed; the message says what.</exception>
    public static async Task<StartupReport> PrepareDatabaseAsync(LeadActivityDatabase database, DemoSettings demo)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var seeded = await DatabaseInitializer.PrepareAsync(database, demo.Enabled ? demo.Organizations(DateTime.UtcNow) : []);
            return new StartupReport(database.Description, seeded, demo.Enabled ? demo.Admin : null, stopwatch.Elapsed);
        }
        catch (Exception e) when (database.StartupFailure(e) is { } failure)
        {
            throw failure;
        }
    }

    public static void AddLeadActivityApp(this WebApplicationBuilder builder, LeadActivityDatabase database, DatabaseStartup startup)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents(options =>
        {
            // A proxy restart drops every dashboard at once: a minute lets all of them reconnect to their state
            // instead of reloading. A disconnected circuit holds no subscription and runs no query (LiveCircuit),
            // only its memory, so a thousand of them cost what a thousand open dashboards do, for a minute at most.
            options.DisconnectedCircuitMaxRetained = 1_000;
            options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(1);
            // The app's calls into the browser are small (an observer, a focus, the theme): one that takes longer
            // than this is a browser that is gone, and the call's state should not wait a minute for it.
            options.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(10);
            // A dashboard that does not keep up with its renders (a slow link, a busy tab) gets fewer, larger
            // updates rather than a growing queue of batches held for it on the server.
            options.MaxBufferedUnacknowledgedRenderBatches = 5;
        });
        services.AddMudServices();
        builder.AddLeadActivitySettings();
        services.AddLeadActivityDomain(database,
            new Domain.Activities.ActivityStreamOptions(builder.Configuration.Read<EventSettings>(EventSettings.Section).Redis));
        services.AddSingleton(startup);
        // Keys in the database: every app server reads the same ring, so a cookie or an antiforgery token made on one
        // node is good on the others, sign-ins survive restarts, and sources' stored credentials stay readable.
        var keys = services.AddDataProtection()
            .SetApplicationName("LeadActivity")
            .PersistKeysToDbContext<LeadActivityDbContext>();
        // Encrypted at rest with the configured certificate (checked at start: DataProtectionSettingsValidation).
        if (builder.Configuration.Read<DataProtectionSettings>(DataProtectionSettings.Section).Load() is { } certificate)
            keys.ProtectKeysWithCertificate(certificate);
        services.AddHostedService<ActivityStreamDelivery>();
        services.AddHostedService<ActivityWriter>();
        services.AddHostedService<ScheduledWork>();
        builder.AddAccessControl();
        // The token's cookie is Secure whenever the request came over HTTPS (as a known proxy's X-Forwarded-Proto says).
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddProblemDetails();
        services.AddOpenApi(ActivityApiDocument.Describe);
        services.AddScoped<ThemeState>();
        services.AddScoped<Components.Shared.UserClock>();
        services.AddScoped<Components.Activity.LiveCircuit>();
        services.AddSingleton(sp => new Components.Activity.LiveRenderGate(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardSettings>>().Value.ConcurrentRendersOrDefault));
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Components.Activity.LiveCircuit>());
        services.AddSingleton<OpenCircuits>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, OpenCircuitsCounter>();
        services.AddHostedService<MemoryAfterPeak>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<RedisHealthCheck>("redis");

        if (builder.Configuration.Read<AgentSettings>(AgentSettings.Section).Simulated)
        {
            services.AddSingleton<SimulatedAgent>();
            services.AddSingleton<IAgentDialer>(sp => sp.GetRequiredService<SimulatedAgent>());
            services.AddSingleton(sp => new FollowUpDispatcher(
                database.CreateFactory(0), database.Stores.FollowUpClaims, sp.GetRequiredService<IAgentDialer>(), sp.GetRequiredService<TimeProvider>()));
            services.AddHostedService<AgentWorker>();
        }
    }

    public static void UseLeadActivityPipeline(this WebApplication app)
    {
        app.UseTrustedProxies();
        var database = app.Services.GetRequiredService<DatabaseStartup>();
        app.Use(async (context, next) =>
        {
            await database.ReadyAsync();
            await next(context);
        });
        app.UseSecurityHeaders();
        app.UseSafeErrors();
        // Only over HTTPS (directly or from a known proxy's X-Forwarded-Proto), and never for localhost.
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiProblemDetails();
        app.UseAccessControl();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        // Degraded answers 200 like Healthy (the node serves); the body says which part is degraded and why.
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync })
            .AllowAnonymous();
        app.MapOpenApi().RequireAuthorization(AccessControl.MemberOrApiKey);
        app.MapAccountEndpoints();
        app.MapActivityApi();
        app.MapLeadExport();
        app.MapLeadSelectionExport();
        app.MapImportFiles();
        app.MapDemoRecordings();
        app.MapMemoryDiagnostics();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
    }

    /// <summary>
    /// Imports and bulk actions a stopped process left queued or running never committed: they are marked failed (the
    /// imports' files removed).
    /// </summary>
    public static async Task RecoverInterruptedImportsAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<LeadImportJobs>().RecoverInterruptedAsync();
        await app.Services.GetRequiredService<Domain.Leads.Bulk.LeadBulkJobs>().RecoverInterruptedAsync();
    }

    public static void LogDatabase(this WebApplication app, StartupReport startup)
    {
        foreach (var seeded in startup.Seeded)
            app.Logger.LogInformation("Seeded a demo organization: {Leads} leads, {Activities} activities, {FollowUps} follow-ups in {Elapsed} ms",
                seeded.Leads, seeded.Activities, seeded.FollowUps, (int)seeded.Elapsed.TotalMilliseconds);
        if (startup.DemoAdmin is { } admin)
            app.Logger.LogWarning("Demo sign-in: {Email} / {Password} (from the settings file's Demo section; turn it off outside a local demo)",
                admin.Email, admin.Password);
        app.Logger.LogInformation("Database {DataSource} ready in {Elapsed} ms", startup.Database,
            (int)startup.DatabaseReady.TotalMilliseconds);
    }
}

internal sealed record StartupReport(string Database, IReadOnlyList<DemoSeedResult> Seeded, DemoAccount? DemoAdmin, TimeSpan DatabaseReady);

/// <summary>The database being prepared at start-up; whatever needs it (requests, the agent) awaits it first.</summary>
internal sealed class DatabaseStartup(Task<StartupReport> preparing)
{
    public Task<StartupReport> ReadyAsync() => preparing;
}

/// <summary>
/// Behind a load balancer every request comes from the balancer's address: with <c>ForwardedHeaders:KnownProxies</c>
/// (the balancers' addresses) the client's own address and scheme are taken from <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>, so sign-in limits count per person, not per balancer. Forwarded headers from anyone else
/// are ignored.
/// </summary>
internal static class TrustedProxies
{
    public static void UseTrustedProxies(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Addresses;
        if (proxies.Count == 0)
            return;
        var options = new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var address in proxies)
            options.KnownProxies.Add(address);
        app.UseForwardedHeaders(options);
    }
}
