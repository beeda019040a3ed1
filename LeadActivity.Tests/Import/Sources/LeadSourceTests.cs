using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Import.Sources;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadActivity.Tests.Import.Sources;

public abstract class LeadSourceTests(LeadSourceTests.Fixture fixture)
{
    private LeadActivityAppFactory App
    {
        get
        {
            TestServers.Require(fixture.Provider);
            return fixture.App;
        }
    }

    [SkippableFact]
    public async Task A_cursor_paged_provider_is_pulled_to_the_end_with_the_import_s_rules()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(250).Append(Contact(900, phone: "4155550999")).Append(Contact(5, name: "Repeat")));
        var sourceId = await ConnectAsync(campaign, provider.Url("/contacts"));

        var import = await PullAsync(sourceId);

        Assert.Equal(LeadImportState.Completed, import.State);
        Assert.Equal(sourceId, import.SourceId);
        Assert.StartsWith("Pull from Leadsforce", import.FileName);
        Assert.Equal(250, import.Created);
        Assert.Equal(1, import.Rejected); // the local-format number
        Assert.Equal(252, import.Rows);
        Assert.Equal(3, provider.Requests.Count(r => r.Request.StartsWith("/contacts")));
        Assert.Contains(provider.Requests, r => r.Request.Contains("cursor=200") && r.Request.Contains("industry=saas"));
        Assert.Equal(250, await LeadCountAsync(campaign));
    }

    [SkippableFact]
    public async Task Keys_are_mapped_to_the_campaign_s_columns_and_unmapped_ones_match_like_csv_headers()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Enumerable.Range(0, 3).Select(i => new Dictionary<string, object?>
        {
            ["mobile"] = $"+1 (415) 555-{i:D4}", ["full_name"] = $"Ana {i}", ["Company"] = "Acme", ["internal_score"] = 7,
            ["address"] = new Dictionary<string, object?> { ["city"] = "Lisbon" },
        }));
        var sourceId = await ConnectAsync(campaign, provider.Url("/contacts"), mapping: new() { ["mobile"] = "phone", ["full_name"] = "name", ["internal_score"] = "" });

        await using (var scope = await App.ActAsAsync())
        {
            var test = await scope.ServiceProvider.GetRequiredService<LeadSourceService>().TestConnectionAsync(sourceId);
            Assert.Equal(["mobile", "full_name", "Company", "internal_score", "address.city"], test!.ProviderKeys);
            Assert.Equal(3, test.Preview.New);
            Assert.Equal(0, await LeadCountAsync(campaign)); // testing writes nothing
        }
        var import = await PullAsync(sourceId);

        Assert.Equal(3, import.Created);
        await using var db = App.Database.CreateContext(fixture.OrganizationId);
        var lead = await db.Leads.SingleAsync(l => l.CampaignId == campaign && l.Phone == "+14155550001");
        Assert.Equal("Ana 1", lead.Name);
        Assert.Equal("Acme", lead.Fields["company"]);
        Assert.False(lead.Fields.ContainsKey("internal_score"));
    }

    [SkippableFact]
    public async Task Contacts_already_imported_from_a_csv_are_recognised_by_their_number()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        await ImportCsvAsync(campaign, "phone,name\n+14155550010,Ana\n+14155550011,Bo\n");
        var provider = await fixture.ProviderAsync([Contact(10, phone: "+1 415-555-0010"), Contact(11, phone: "+1 (415) 555 0011"), Contact(12)]);
        var sourceId = await ConnectAsync(campaign, provider.Url("/contacts"));

        var import = await PullAsync(sourceId);

        Assert.Equal(1, import.Created);
        Assert.Equal(2, import.Skipped);
        Assert.Equal(3, await LeadCountAsync(campaign));
    }

    [SkippableFact]
    public async Task A_cursor_that_comes_back_is_a_loop_and_nothing_is_imported()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(5));
        var sourceId = await ConnectAsync(campaign, provider.Url("/loop"));

        var import = await PullAsync(sourceId);

        Assert.Equal(LeadImportState.Failed, import.State);
        Assert.Contains("cursor “same-cursor” again", import.Message);
        Assert.Equal(0, await LeadCountAsync(campaign));
        Assert.Equal(2, provider.Requests.Count(r => r.Request.StartsWith("/loop")));
    }

    [SkippableFact]
    public async Task A_provider_that_ignores_the_page_number_is_a_loop_too()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(5));
        var sourceId = await ConnectAsync(campaign, provider.Url("/stuck"), paging: LeadSourcePaging.Page);

        var import = await PullAsync(sourceId);

        Assert.Equal(LeadImportState.Failed, import.State);
        Assert.Contains("sent the same contacts again as page 2", import.Message);
        Assert.Equal(0, await LeadCountAsync(campaign));
    }

    [SkippableFact]
    public async Task Redirects_are_followed_on_the_same_host_only_so_the_key_never_travels_elsewhere()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(3));
        var moved = await ConnectAsync(campaign, provider.Url("/moved"));
        var away = await ConnectAsync(campaign, provider.Url("/away"));

        var followed = await PullAsync(moved);
        var refused = await PullAsync(away);

        Assert.Equal(3, followed.Created);
        Assert.Equal(LeadImportState.Failed, refused.State);
        Assert.Contains("redirected page 1 to http://localhost:", refused.Message);
        Assert.Equal(1, provider.Requests.Count(r => r.Request.StartsWith("/away")));
        Assert.Equal(1, provider.Requests.Count(r => r.Request.StartsWith("/contacts"))); // only the same-host hop reached it
    }

    [SkippableFact]
    public async Task A_wrong_key_ends_the_pull_at_once_with_the_reason()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(5));
        var sourceId = await ConnectAsync(campaign, provider.Url("/contacts"), secret: "not-the-key");

        var import = await PullAsync(sourceId);

        Assert.Equal(LeadImportState.Failed, import.State);
        Assert.Contains("refused the credentials (401", import.Message);
        Assert.Single(provider.Requests);
    }

    [SkippableFact]
    public async Task A_429_is_waited_out_as_its_retry_after_says()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(5));
        var sourceId = await ConnectAsync(campaign, provider.Url("/limited"));

        var import = await PullAsync(sourceId);

        Assert.Equal(LeadImportState.Completed, import.State);
        Assert.Equal(5, import.Created);
        var requests = provider.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [SkippableFact]
    public async Task A_malformed_page_stops_the_pull_and_even_the_good_pages_before_it_are_not_imported()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(150));
        var sourceId = await ConnectAsync(campaign, provider.Url("/malformed"));

        var import = await PullAsync(sourceId);

        Assert.Equal(LeadImportState.Failed, import.State);
        Assert.Contains("page 2 (cursor “100”) is not valid JSON", import.Message);
        Assert.Equal(0, await LeadCountAsync(campaign));
    }

    [SkippableFact]
    public async Task A_provider_that_stays_down_is_retried_a_bounded_number_of_times()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(1));
        var sourceId = await ConnectAsync(campaign, provider.Url("/down"));

        var import = await PullAsync(sourceId);

        Assert.Equal(LeadImportState.Failed, import.State);
        Assert.Contains("503 Service Unavailable (3 attempts)", import.Message);
        Assert.Equal(3, provider.Requests.Count);
    }

    [SkippableFact]
    public async Task A_provider_that_does_not_answer_in_time_is_retried_then_the_pull_ends()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(1));
        var sourceId = await ConnectAsync(campaign, provider.Url("/slow"));

        var import = await PullAsync(sourceId);

        Assert.Equal(LeadImportState.Failed, import.State);
        Assert.Contains("did not answer page 1 within", import.Message);
        Assert.Equal(3, provider.Requests.Count);
    }

    [SkippableFact]
    public async Task Page_numbered_and_csv_sources_work_too()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(120));
        var paged = await ConnectAsync(campaign, provider.Url("/paged"), paging: LeadSourcePaging.Page);
        var csv = await ConnectAsync(campaign, provider.Url("/export.csv"), format: LeadSourceFormat.Csv, bearer: true);

        var first = await PullAsync(paged);
        var second = await PullAsync(csv);

        Assert.Equal(120, first.Created);
        Assert.Equal(3, provider.Requests.Count(r => r.Request.StartsWith("/paged"))); // pages 1, 2 and the empty 3
        Assert.Equal(0, second.Created);
        Assert.Equal(120, second.Skipped); // the same people, already in the campaign
    }

    [SkippableTheory]
    [InlineData("utf-8")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public async Task A_csv_download_that_starts_with_a_byte_order_mark_is_imported_with_its_first_column(string encoding)
    {
        var campaign = await App.AddCampaignAsync($"Marked {encoding}", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync([Contact(1, "+14155550301", "Zoë Ødegaard"), Contact(2, "+14155550302", "José Álvarez")]);
        var source = await ConnectAsync(campaign, provider.Url($"/bom/{encoding}.csv"), format: LeadSourceFormat.Csv);

        var import = await PullAsync(source);

        Assert.True(import.State == LeadImportState.Completed, import.Message);
        Assert.Equal((2, 0), (import.Created, import.Rejected));
        await using var db = App.Database.CreateContext(fixture.OrganizationId);
        Assert.Equal(["Zoë Ødegaard", "José Álvarez"],
            await db.Leads.Where(l => l.CampaignId == campaign).OrderBy(l => l.Phone).Select(l => l.Name).ToListAsync());
    }

    [SkippableFact]
    public async Task The_credential_is_stored_encrypted_and_shown_only_as_a_hint()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(1));
        var sourceId = await ConnectAsync(campaign, provider.Url("/contacts"));

        await using var db = App.Database.CreateContext(fixture.OrganizationId);
        var stored = await db.LeadSources.SingleAsync(s => s.Id == sourceId);
        Assert.DoesNotContain(FakeLeadProvider.Key, stored.ProtectedSecret);
        Assert.DoesNotContain(FakeLeadProvider.Key, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Base64(stored.ProtectedSecret!))));
        Assert.Equal(FakeLeadProvider.Key, App.Services.GetRequiredService<LeadSourceSecrets>().Unprotect(stored.ProtectedSecret!));
        Assert.Equal("…3456", stored.SecretHint);
        await using var scope = await App.ActAsAsync();
        var view = (await scope.ServiceProvider.GetRequiredService<LeadSourceService>().ListAsync(campaign)).Single();
        Assert.Null(view.Settings.Secret);
    }

    [SkippableFact]
    public async Task A_due_schedule_starts_a_pull_and_sets_the_next_one()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(3));
        var sourceId = await ConnectAsync(campaign, provider.Url("/contacts"), scheduleHours: 6);
        await using (var db = App.Database.CreateContext(fixture.OrganizationId))
            await db.LeadSources.Where(s => s.Id == sourceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextPullAt, DateTime.UtcNow.AddMinutes(-1)));

        var pulls = App.Services.GetRequiredService<LeadSourcePulls>();
        Assert.True(await pulls.StartDueAsync() >= 1);
        var import = await FinishedAsync(sourceId);

        Assert.Equal(3, import.Created);
        Assert.Equal("Schedule", import.StartedBy);
        await using var after = App.Database.CreateContext(fixture.OrganizationId);
        var source = await after.LeadSources.SingleAsync(s => s.Id == sourceId);
        Assert.InRange(source.NextPullAt!.Value, DateTime.UtcNow.AddHours(5.9), DateTime.UtcNow.AddHours(6.1));
    }

    [SkippableFact]
    public async Task Two_servers_checking_the_schedule_at_once_pull_a_due_source_once()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(3));
        var sourceId = await ConnectAsync(campaign, provider.Url("/contacts"), scheduleHours: 6);
        await using (var db = App.Database.CreateContext(fixture.OrganizationId))
            await db.LeadSources.Where(s => s.Id == sourceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextPullAt, DateTime.UtcNow.AddMinutes(-1)));
        await using var nodeB = new LeadActivityAppFactory { Provider = fixture.Provider, SameDatabaseAs = App, DemoLeads = 10, TestServices = Fixture.Services };
        _ = nodeB.Server;
        var pulls = new[] { App.Services.GetRequiredService<LeadSourcePulls>(), nodeB.Services.GetRequiredService<LeadSourcePulls>() };

        var started = await Task.WhenAll(pulls.Select(p => p.StartDueAsync()));
        await Task.WhenAll(pulls.Select(p => p.WhenPulledAsync(sourceId)));
        await using var db2 = App.Database.CreateContext(fixture.OrganizationId);
        var imports = await db2.LeadImports.AsNoTracking().Where(i => i.SourceId == sourceId).ToListAsync();
        foreach (var import in imports)
        {
            await App.Services.GetRequiredService<LeadImportJobs>().WhenFinishedAsync(import.Id);
            await nodeB.Services.GetRequiredService<LeadImportJobs>().WhenFinishedAsync(import.Id);
        }

        Assert.Equal(1, started.Sum());
        Assert.Single(imports);
        Assert.Single(provider.Requests, r => r.Request.StartsWith("/contacts"));
        Assert.Equal(3, await LeadCountAsync(campaign));
    }

    [SkippableFact]
    public async Task Settings_that_cannot_work_are_refused_with_what_to_fix()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        await using var scope = await App.ActAsAsync();

        var result = await scope.ServiceProvider.GetRequiredService<LeadSourceService>().SaveAsync(campaign, null, new LeadSourceSettings
        {
            Name = "", Url = "ftp://example.com", Auth = LeadSourceAuth.Bearer,
            Mapping = new() { ["a"] = "phone", ["b"] = "phone", ["c"] = "no_such_field" },
        });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Reasons, e => e.StartsWith("Name the source"));
        Assert.Contains(result.Reasons, e => e.Contains("http or https"));
        Assert.Contains(result.Reasons, e => e == "Enter the bearer token.");
        Assert.Contains(result.Reasons, e => e.Contains("“a” and “b” both map to “phone”"));
        Assert.Contains(result.Reasons, e => e.Contains("“no_such_field”"));
    }

    [SkippableFact]
    public async Task Moving_a_source_to_another_host_asks_for_its_key_again()
    {
        var campaign = await App.AddCampaignAsync("Pulls", CampaignStatus.Active);
        var provider = await fixture.ProviderAsync(Contacts(1));
        var sourceId = await ConnectAsync(campaign, provider.Url("/contacts"));
        await using var scope = await App.ActAsAsync();
        var sources = scope.ServiceProvider.GetRequiredService<LeadSourceService>();
        var settings = (await sources.ListAsync(campaign)).Single().Settings;

        var moved = await sources.SaveAsync(campaign, sourceId, settings with { Url = "https://elsewhere.example/contacts" });
        var renamed = await sources.SaveAsync(campaign, sourceId, settings with { Name = "Leadsforce EU", Url = provider.Url("/contacts?region=eu") });

        Assert.Contains(moved.Reasons, e => e.Contains("Enter the API key again"));
        Assert.True(renamed.Succeeded, string.Join(" ", renamed.Reasons)); // same host: the stored key stays
    }

    [SkippableFact]
    public async Task Without_private_networks_allowed_a_private_address_is_refused_at_save_as_a_policy()
    {
        await using var app = new LeadActivityAppFactory { Provider = fixture.Provider, DemoLeads = 10, Settings = new Dictionary<string, string?> { ["LeadSources:AllowPrivateNetworks"] = "false" } };
        var provider = await fixture.ProviderAsync(Contacts(1));
        _ = app.Server;
        await using var scope = await app.ActAsAsync();
        var sources = scope.ServiceProvider.GetRequiredService<LeadSourceService>();
        var campaign = (await scope.ServiceProvider.GetRequiredService<CampaignService>().ListAsync()).First().Id;
        var port = new Uri(provider.Url("/contacts")).Port;

        foreach (var url in new[] { provider.Url("/contacts"), $"http://localhost:{port}/contacts", "http://[::1]/contacts", "https://10.0.0.5/contacts", "http://169.254.169.254/latest/meta-data" })
        {
            var saved = await sources.SaveAsync(campaign, null, new LeadSourceSettings { Name = "Inside", Url = url, Secret = FakeLeadProvider.Key });

            Assert.False(saved.Succeeded, url);
            Assert.Contains(saved.Reasons, e => e.StartsWith("LeadActivity does not connect to private network addresses", StringComparison.Ordinal));
        }
        Assert.Empty(provider.Requests);
        Assert.False(ProviderAddress.IsPublic(System.Net.IPAddress.Parse("169.254.169.254")));
        Assert.True(ProviderAddress.IsPublic(System.Net.IPAddress.Parse("93.184.216.34")));
    }

    [SkippableFact]
    public async Task Without_private_networks_allowed_an_address_that_turns_private_later_is_refused_at_once_at_connect_time()
    {
        await using var app = new LeadActivityAppFactory
        {
            Provider = fixture.Provider, DemoLeads = 10, Settings = new Dictionary<string, string?> { ["LeadSources:AllowPrivateNetworks"] = "false" },
            TestServices = services => services.Replace(ServiceDescriptor.Singleton(new LeadSourceFetchOptions { Backoff = TimeSpan.FromSeconds(5), Attempts = 4 })),
        };
        var provider = await fixture.ProviderAsync(Contacts(1));
        _ = app.Server;
        await using var scope = await app.ActAsAsync();
        var sources = scope.ServiceProvider.GetRequiredService<LeadSourceService>();
        var campaign = (await scope.ServiceProvider.GetRequiredService<CampaignService>().ListAsync()).First().Id;
        var saved = await sources.SaveAsync(campaign, null, new LeadSourceSettings { Name = "Moved", Url = "https://93.184.216.34/contacts", Auth = LeadSourceAuth.None });
        Assert.True(saved.Succeeded, string.Join(" ", saved.Reasons));
        await using (var db = app.Database.CreateContext(await DatabaseInitializer.FindOrganizationIdAsync(app.Database, "demo") ?? 0))
            await db.LeadSources.Where(s => s.Id == saved.Value).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, provider.Url("/contacts")));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<LeadSourceException>(() => sources.TestConnectionAsync(saved.Value));

        Assert.StartsWith("LeadActivity does not connect to private network addresses", refused.Message);
        Assert.DoesNotContain("attempts", refused.Message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), $"{started.Elapsed}: retried as if the network failed");
        Assert.Empty(provider.Requests);
    }

    private static string Base64(string dataProtectionPayload) =>
        dataProtectionPayload.Replace('-', '+').Replace('_', '/') + new string('=', (4 - dataProtectionPayload.Length % 4) % 4);

    private static IEnumerable<Dictionary<string, object?>> Contacts(int count) => Enumerable.Range(0, count).Select(i => Contact(i));

    private static Dictionary<string, object?> Contact(int i, string? phone = null, string? name = null) => new()
    {
        ["phone"] = phone ?? $"+1415555{i:D4}", ["name"] = name ?? $"Contact {i}", ["email"] = $"c{i}@example.com", ["company"] = "Acme",
    };

    private async Task<int> ConnectAsync(int campaign, string url, Dictionary<string, string>? mapping = null, string secret = FakeLeadProvider.Key,
        LeadSourcePaging paging = LeadSourcePaging.Cursor, LeadSourceFormat format = LeadSourceFormat.Json, bool bearer = false, int? scheduleHours = null)
    {
        await using var scope = await App.ActAsAsync();
        var result = await scope.ServiceProvider.GetRequiredService<LeadSourceService>().SaveAsync(campaign, null, new LeadSourceSettings
        {
            Name = "Leadsforce", Url = url, Format = format, Paging = paging, Secret = secret, FilterQuery = "industry=saas",
            Auth = bearer ? LeadSourceAuth.Bearer : LeadSourceAuth.ApiKeyHeader, Mapping = mapping ?? [], ScheduleHours = scheduleHours,
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Reasons));
        return result.Value;
    }

    /// <summary>Pulls now, as the Leads tab's button does, and returns the import it became once it has finished.</summary>
    private async Task<LeadImport> PullAsync(int sourceId)
    {
        await using (var scope = await App.ActAsAsync())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<LeadSourceService>().PullNowAsync(sourceId));
        return await FinishedAsync(sourceId);
    }

    private async Task<LeadImport> FinishedAsync(int sourceId)
    {
        await App.Services.GetRequiredService<LeadSourcePulls>().WhenPulledAsync(sourceId);
        await using var db = App.Database.CreateContext(fixture.OrganizationId);
        var import = await db.LeadImports.Where(i => i.SourceId == sourceId).OrderByDescending(i => i.Id).FirstAsync();
        await App.Services.GetRequiredService<LeadImportJobs>().WhenFinishedAsync(import.Id);
        return await db.LeadImports.AsNoTracking().SingleAsync(i => i.Id == import.Id);
    }

    private async Task ImportCsvAsync(int campaign, string csv)
    {
        await using var scope = await App.ActAsAsync();
        var importer = scope.ServiceProvider.GetRequiredService<LeadImporter>();
        var upload = await importer.SaveUploadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "earlier.csv", csv.Length);
        var (id, error) = await importer.StartAsync(campaign, (await importer.PreviewAsync(campaign, upload))!, ExistingLeadAction.Skip);
        Assert.Null(error);
        await App.Services.GetRequiredService<LeadImportJobs>().WhenFinishedAsync(id!.Value);
    }

    private async Task<int> LeadCountAsync(int campaign)
    {
        await using var db = App.Database.CreateContext(fixture.OrganizationId);
        return await db.Leads.CountAsync(l => l.CampaignId == campaign);
    }

    /// <summary>The app under test, on one provider, shared by the tests of a class.</summary>
    public abstract class Fixture(DatabaseProvider provider) : IAsyncLifetime
    {
        private readonly List<FakeLeadProvider> _providers = [];

        public DatabaseProvider Provider => provider;

        public LeadActivityAppFactory App { get; } = new() { Provider = provider, DemoLeads = 10, TestServices = Services };

        /// <summary>Shorter waits for the fetcher, and no schedule timer: the schedule tests start due pulls themselves.</summary>
        public static void Services(IServiceCollection services)
        {
            services.Replace(ServiceDescriptor.Singleton(new LeadSourceFetchOptions
            {
                Backoff = TimeSpan.FromMilliseconds(20), Attempts = 3, LongestRetryAfter = TimeSpan.FromSeconds(5), RequestTimeout = TimeSpan.FromMilliseconds(500),
                AllowPrivateNetworks = true,
            }));
            // The schedule test starts due pulls itself; the app's own minute timer must not race it.
            services.RemoveAll<Microsoft.Extensions.Hosting.IHostedService>();
        }

        public int OrganizationId { get; private set; }

        /// <summary>A provider of its own for each test, so request counts are the test's.</summary>
        public async Task<FakeLeadProvider> ProviderAsync(IEnumerable<Dictionary<string, object?>> contacts)
        {
            var provider = await FakeLeadProvider.StartAsync();
            provider.Contacts.AddRange(contacts);
            lock (_providers)
                _providers.Add(provider);
            return provider;
        }

        public async Task InitializeAsync()
        {
            if (TestServers.Missing(provider))
                return; // each test skips (or fails under CI) on its own
            _ = App.Server;
            await using var db = App.Database.CreateContext(0);
            OrganizationId = await db.Organizations.IgnoreQueryFilters().Where(o => o.Slug == "demo").Select(o => o.Id).SingleAsync();
        }

        public async Task DisposeAsync()
        {
            foreach (var provider in _providers)
                await provider.DisposeAsync();
            await App.DisposeAsync();
        }
    }

    public sealed class OnSqlite() : Fixture(DatabaseProvider.Sqlite);

    public sealed class OnPostgres() : Fixture(DatabaseProvider.Postgres);
}

public sealed class LeadSourceOnSqliteTests(LeadSourceTests.OnSqlite fixture) : LeadSourceTests(fixture), IClassFixture<LeadSourceTests.OnSqlite>;

public sealed class LeadSourceOnPostgresTests(LeadSourceTests.OnPostgres fixture) : LeadSourceTests(fixture), IClassFixture<LeadSourceTests.OnPostgres>;
