using LeadActivity.App.Hosting;
using LeadActivity.Domain.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseRepositorySettings();

try
{
    var connectionString = builder.DatabaseConnectionString();
    if (args is [LeadActivityCommands.CreateOrganization, .. var rest])
        return await LeadActivityCommands.CreateOrganizationAsync(rest, connectionString);
    var demo = builder.Configuration.GetSection("Demo").Get<DemoSettings>() ?? new DemoSettings();
    // Migrating and seeding run while the host is built: both are mostly start-up compilation, and there are two cores.
    var database = new DatabaseStartup(Task.Run(() => LeadActivityStartup.PrepareDatabaseAsync(connectionString, demo)));
    builder.AddLeadActivityApp(connectionString, database);
    var app = builder.Build();
    app.UseLeadActivityPipeline();
    app.LogDatabase(await database.ReadyAsync());
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
