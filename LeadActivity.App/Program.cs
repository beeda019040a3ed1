using LeadActivity.App.Hosting;
using LeadActivity.App.Hosting.Settings;
using LeadActivity.Domain.Persistence;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = PublishedContentRoot() });
builder.Configuration.UseRepositorySettings();

try
{
    await using var database = builder.Database();
    if (args is [LeadActivityCommands.CreateOrganization, .. var rest])
        return await LeadActivityCommands.CreateOrganizationAsync(rest, database);
    builder.CheckLeadActivitySettings();
    var demo = builder.Configuration.Read<DemoSettings>(DemoSettings.Section);
    // Migrating and seeding run while the host is built: both are mostly start-up compilation, and there are two cores.
    var startup = new DatabaseStartup(Task.Run(() => LeadActivityStartup.PrepareDatabaseAsync(database, demo)));
    builder.AddLeadActivityApp(database, startup);
    var app = builder.Build();
    app.UseLeadActivityPipeline();
    app.LogDatabase(await startup.ReadyAsync());
    await app.RecoverInterruptedImportsAsync();
    await app.RunAsync();
    return 0;
}
catch (DatabaseConfigurationException e)
{
    Console.Error.WriteLine($"LeadActivity cannot start: {e.Message}");
    return 1;
}
catch (Exception e) when (SettingsFailures(e) is { Count: > 0 } failures)
{
    Console.Error.WriteLine($"LeadActivity cannot start: {string.Join(" ", failures)}");
    return 1;
}

// A setting the options pattern refused at start-up (ValidateOnStart): each failure names its setting.
static List<string> SettingsFailures(Exception e) => e switch
{
    Microsoft.Extensions.Options.OptionsValidationException options => [.. options.Failures],
    AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(SettingsFailures)],
    _ => [],
};

// A published app's static files are in wwwroot beside its binaries, and the content root is the current folder by
// default: started from elsewhere (`dotnet out/LeadActivity.App.dll`) it found none, and answered every script and style
// sheet with an empty 200. A development run (no wwwroot beside the binaries) keeps the default.
static string? PublishedContentRoot() =>
    !Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) && Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"))
        ? AppContext.BaseDirectory
        : null;

public partial class Program;
