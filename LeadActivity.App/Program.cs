using LeadActivity.App.Hosting;
using LeadActivity.Domain.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseRepositorySettings();

try
{
    await using var database = builder.Database();
    if (args is [LeadActivityCommands.CreateOrganization, .. var rest])
        return await LeadActivityCommands.CreateOrganizationAsync(rest, database);
    var demo = builder.Configuration.GetSection("Demo").Get<DemoSettings>() ?? new DemoSettings();
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

public partial class Program;
