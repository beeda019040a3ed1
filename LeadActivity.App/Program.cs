using LeadActivity.App.Hosting;
using LeadActivity.Domain.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseRepositorySettings();

StartupReport startup;
try
{
    startup = await builder.PrepareDatabaseAsync();
}
catch (DatabaseConfigurationException e)
{
    Console.Error.WriteLine($"LeadActivity cannot start: {e.Message}");
    return 1;
}

builder.AddLeadActivityApp(startup);
var app = builder.Build();
app.UseLeadActivityPipeline(startup);
await app.RunAsync();
return 0;

public partial class Program;
