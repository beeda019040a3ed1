using System.Net;
using LeadActivity.Domain;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Import.Sources;
using Microsoft.Extensions.Options;

namespace LeadActivity.App.Hosting.Settings;

/// <summary>
/// Every setting but the database's, bound to its section and checked when the app starts: a setting that cannot
/// work stops it with one line that names the setting (Program prints <see cref="OptionsValidationException"/>'s
/// failures). The database's settings are checked before, by <c>LeadActivityDatabase.FromSettings</c>.
/// </summary>
internal static class AppSettings
{
    /// <summary>Registers every setting, checked at start, and what the domain takes from them.</summary>
    public static void AddLeadActivitySettings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        Bind(services, builder.Configuration, builder.Environment);
        services.AddSingleton(sp => new ImportSettings(sp.GetRequiredService<IOptions<ImportFileSettings>>().Value.MaxFileMegabytes * 1024L * 1024));
        services.AddSingleton(sp => new LeadSourceFetchOptions
        {
            AllowPrivateNetworks = sp.GetRequiredService<IOptions<LeadSourceSettings>>().Value.AllowPrivateNetworks,
        });
        services.AddSingleton(sp => AppNode.Create(sp.GetRequiredService<IOptions<NodeSettings>>().Value.Name));
    }

    /// <summary>
    /// Checks every setting now, before the database is prepared (the host checks them again when it starts).
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting cannot work; its failures name it.</exception>
    public static void CheckLeadActivitySettings(this WebApplicationBuilder builder)
    {
        var services = new ServiceCollection();
        Bind(services, builder.Configuration, builder.Environment);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    private static void Bind(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<ImportFileSettings>().Bind(configuration.GetSection(ImportFileSettings.Section))
            .Validate(s => s.MaxFileMegabytes > 0, "Import:MaxFileMegabytes must be a positive number of megabytes.")
            .ValidateOnStart();

        services.AddOptions<LeadSourceSettings>().Bind(configuration.GetSection(LeadSourceSettings.Section)).ValidateOnStart();

        services.AddOptions<NodeSettings>().Bind(configuration.GetSection(NodeSettings.Section))
            .Validate(s => s.Name is null || s.Name.Trim().Length <= AppNode.MaxNameLength, $"Node:Name is too long: at most {AppNode.MaxNameLength} characters fit.")
            .ValidateOnStart();

        services.AddOptions<DashboardSettings>().Bind(configuration.GetSection(DashboardSettings.Section))
            .Validate(s => s.ConcurrentRenders is null or > 0, "Dashboards:ConcurrentRenders must be a positive number of renders.")
            .ValidateOnStart();

        services.AddOptions<EventSettings>().Bind(configuration.GetSection(EventSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventSettings>, EventSettingsValidation>();

        services.AddOptions<DataProtectionSettings>().Bind(configuration.GetSection(DataProtectionSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataProtectionSettings>, DataProtectionSettingsValidation>();

        services.AddOptions<AgentSettings>().Bind(configuration.GetSection(AgentSettings.Section))
            .Validate(s => s.TickSeconds > 0, "Agent:TickSeconds must be a positive number of seconds.")
            .Validate(s => s.NewLeadsPerTick >= 0, "Agent:NewLeadsPerTick must be 0 or more.")
            .ValidateOnStart();

        services.AddOptions<RateLimitSettings>().Bind(configuration.GetSection(RateLimitSettings.Section))
            .Validate(s => s.SignInPerMinute > 0, "RateLimits:SignInPerMinute must be a positive number.")
            .Validate(s => s.IngestionRequestsPerSecond > 0, "RateLimits:IngestionRequestsPerSecond must be a positive number.")
            .ValidateOnStart();

        services.AddOptions<DemoSettings>().Bind(configuration.GetSection(DemoSettings.Section))
            .Validate(s => s.Leads >= 0 && (s.SecondOrganization?.Leads ?? 0) >= 0, "Demo:Leads and Demo:SecondOrganization:Leads must be 0 or more.")
            .ValidateOnStart();

        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.Section))
            .Validate(s => s.Entries.All(e => IPAddress.TryParse(e, out _)),
                "ForwardedHeaders:KnownProxies holds something that is not an IP address: list the load balancers' addresses, separated by commas.")
            .ValidateOnStart();

        // The names people and agents use to reach the app; "*" (the settings file's value, for a local run) only in
        // Development, so no link or redirect is built on a Host header an attacker chose.
        services.AddOptions<HostNameSettings>().Bind(configuration)
            .Validate(s => environment.IsDevelopment() || !s.AllowsAnyHost,
                $"AllowedHosts is “*” or empty in {environment.EnvironmentName}: set it to the host names people use, separated by semicolons (AllowedHosts=leads.example.com).")
            .ValidateOnStart();
    }

    /// <summary>A section bound now, for the registrations that depend on it (whether the simulated agent runs).</summary>
    public static T Read<T>(this IConfiguration configuration, string section) where T : new() => configuration.GetSection(section).Get<T>() ?? new T();
}
