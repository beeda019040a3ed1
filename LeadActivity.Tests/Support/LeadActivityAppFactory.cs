using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeadActivity.Tests.Support;

/// <summary>The real app with its own temporary database and a small demo seed.</summary>
public sealed class LeadActivityAppFactory : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = TestDatabase.NewPath();

    public int DemoLeads { get; init; } = 200;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Host configuration reaches Program before the host is built, where the database is prepared.
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:LeadActivity"] = ConnectionString,
            ["Demo:Leads"] = DemoLeads.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Agent:Simulated"] = "false", // tests post the activities they expect
        }));
        return base.CreateHost(builder);
    }

    /// <summary>Starts Kestrel on a free port of 127.0.0.1 and returns the app's base address.</summary>
    public Uri StartOnRealPort()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(DatabasePath + suffix);
        var imports = Domain.Import.ImportStorage.BesideDatabase(ConnectionString).Folder;
        if (Directory.Exists(imports))
            Directory.Delete(imports, recursive: true);
    }

    public string ConnectionString => $"Data Source={DatabasePath}";
}
