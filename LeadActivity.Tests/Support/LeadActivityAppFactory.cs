using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using LeadActivity.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Tests.Support;

/// <summary>
/// The real app with its own temporary database and a small demo seed: the demo organization (admin
/// <see cref="AdminEmail"/>) and a second one, Harbor (admin <see cref="OtherAdminEmail"/>), for isolation tests.
/// </summary>
public class LeadActivityAppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "sam@demo.example";
    public const string OtherAdminEmail = "alex@harbor.example";
    public const string Password = "Test-password-2026";
    public const string ApiKey = "test-la-key-0123456789abcdef";

    /// <summary>The database the app runs on: a SQLite file of its own (the default), or a PostgreSQL database.</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>Another app whose database this one shares: a second node of the same deployment.</summary>
    public LeadActivityAppFactory? SameDatabaseAs { get; init; }

    /// <summary>The SQLite file (unused on PostgreSQL).</summary>
    public string DatabasePath { get; } = TestDatabase.NewPath();

    private LeadActivityDatabase? _database;

    /// <summary>The app's database, for tests to read and arrange what the app sees.</summary>
    public LeadActivityDatabase Database => _database ??= SameDatabaseAs?.Database ?? (Provider == DatabaseProvider.Postgres
        ? PostgresTestDatabases.CreateAsync(migrated: true).GetAwaiter().GetResult()
        : LeadActivityDatabase.Sqlite(ConnectionStringOf(DatabasePath)));

    public string ConnectionString => Database.ConnectionString;

    /// <summary>This node's own folder for files (uploads), as each app server has its own disk.</summary>
    private readonly string _nodeFolder = Path.Combine(PostgresTestDatabases.DataFolder, $"node-{Guid.NewGuid():N}");

    public int DemoLeads { get; init; } = 200;

    /// <summary>Services a test class replaces (e.g. shorter retry waits).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Every error the app logged, for tests that check a person's journey left none behind.</summary>
    public ErrorLog Errors { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Errors));
        if (TestServices is { } configure)
            builder.ConfigureServices(configure);
    }

    /// <summary>A service scope acting as the member with <paramref name="email"/>, with the claims their sign-in carries.</summary>
    public async Task<AsyncServiceScope> ActAsAsync(string email = AdminEmail)
    {
        var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Domain.Accounts.LeadActivityUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<Domain.Accounts.LeadActivityUser>>();
        var principal = await claims.CreateAsync(await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}"));
        scope.ServiceProvider.GetRequiredService<App.Hosting.CurrentMember>().Use(principal);
        return scope;
    }

    /// <summary>A new phone campaign of the demo organization with a <c>company</c> text field, for tests that import into one.</summary>
    public async Task<int> AddCampaignAsync(string name, Domain.Campaigns.CampaignStatus status = Domain.Campaigns.CampaignStatus.Draft, string region = "US")
    {
        _ = Services; // the app, and with it the database, exists once the host has started (test server or Kestrel)
        var organizationId = await DatabaseInitializer.FindOrganizationIdAsync(Database, "demo") ?? 0;
        await using var db = Database.CreateContext(organizationId);
        var campaign = new Domain.Campaigns.Campaign
        {
            Name = $"{name} {Guid.NewGuid():N}"[..Math.Min(name.Length + 9, 200)], Channel = Domain.Campaigns.Channel.Phone, Status = status,
            DefaultRegion = region, Fields = [new Domain.Campaigns.CustomFieldDefinition("company", "Company", Domain.Campaigns.CustomFieldType.Text)],
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign.Id;
    }

    /// <summary>Settings a test class needs beyond the defaults (e.g. low rate limits).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Host configuration reaches Program before the host is built, where the database is prepared.
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["Database:DataFolder"] = _nodeFolder,
            ["ConnectionStrings:LeadActivity"] = ConnectionString,
            ["Demo:Leads"] = DemoLeads.ToString(),
            ["Demo:AdminEmail"] = AdminEmail,
            ["Demo:AdminName"] = "Sam Rivera",
            ["Demo:AdminPassword"] = Password,
            ["Demo:ApiKey"] = ApiKey,
            ["Demo:SecondOrganization:Slug"] = "harbor",
            ["Demo:SecondOrganization:Name"] = "Harbor Realty",
            ["Demo:SecondOrganization:Leads"] = "20",
            ["Demo:SecondOrganization:AdminEmail"] = OtherAdminEmail,
            ["Demo:SecondOrganization:AdminName"] = "Alex Chen",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Agent:Simulated"] = "false", // tests post the activities they expect
            ["LeadSources:AllowPrivateNetworks"] = "true", // the tests' fake provider listens on 127.0.0.1
            ["AllowedHosts"] = "localhost;127.0.0.1", // Production refuses "*"
        }).AddInMemoryCollection(Settings));
        return base.CreateHost(builder);
    }

    /// <summary>A client signed in through the real sign-in form (antiforgery token and all); it keeps its cookie.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email = AdminEmail, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await SignInAsync(client, email, password);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {email} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Posts the sign-in form as a browser would; the answer is a redirect when it worked.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var token = AntiforgeryToken(await client.GetStringAsync("/account/sign-in"));
        return await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "sign-in",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>The antiforgery token of the (first) form in a rendered page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        return token.Success ? token.Groups[1].Value : throw new InvalidOperationException("The page has no antiforgery token.");
    }

    /// <summary>A client for the ingestion API with the given key (the demo organization's by default).</summary>
    public HttpClient ApiClient(string? key = ApiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Starts Kestrel on <paramref name="port"/> of 127.0.0.1 (a free one by default) and returns the app's base address.</summary>
    public Uri StartOnRealPort(int port = 0)
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_nodeFolder))
            Directory.Delete(_nodeFolder, recursive: true);
        if (_database is { } database && SameDatabaseAs is null) // the first node owns the database
            await TestDatabase.RemoveAsync(database);
    }

    private static string ConnectionStringOf(string path) => $"Data Source={path}";
}

/// <summary>The real app on a PostgreSQL database of its own, for test classes that run on both providers.</summary>
public sealed class PostgresAppFactory : LeadActivityAppFactory
{
    public PostgresAppFactory() => Provider = DatabaseProvider.Postgres;
}
