using LeadActivity.Domain;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.ApiKeys;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Tests.Accounts;

/// <summary>
/// Organization B (Harbor: its admin's sign-in, and its API key) tries every route of the app with organization A's
/// (the demo's) lead, campaign, activity, note, follow-up, import and lead-source ids, and every domain action a circuit can take
/// with them. Everything must come back not-found or without A's data. A route the matrix does not list fails the
/// coverage test, so a new page or endpoint cannot skip this.
/// </summary>
public abstract class AccessMatrixTests(AccessMatrixTests.Fixture data)
{
    private const string Marker = "Quillfeather"; // in A's lead, campaign, note and call: must never reach B

    /// <summary>Every route of the app, and how B tries it with A's ids. Routes that hold no organization data say so.</summary>
    private static readonly Dictionary<string, Func<Ids, Probe[]>> Matrix = new()
    {
        ["GET,POST /"] = _ => [Probe.Without("/")],
        ["GET,POST /leads"] = a => [Probe.Without("/leads"), Probe.Without($"/leads?campaign={a.Campaign}"), Probe.Without("/leads?q=Zebulon"),
            Probe.Without($"/leads?campaign={a.Campaign}&f.company=has:a&country=US&due=any&sort=f.company-asc&cols=name,f.company&view=1")],
        ["GET,POST /leads/{LeadId:int}"] = a => [Probe.NotFound($"/leads/{a.Lead}")],
        ["GET,POST /leads/{LeadId:int}/calls/{CallId:long}"] = a => [Probe.NotFound($"/leads/{a.Lead}/calls/{a.Activity}"), Probe.NotFound($"/leads/{a.OtherLead}/calls/{a.Activity}")],
        ["GET,POST /campaigns"] = _ => [Probe.Without("/campaigns")],
        ["GET,POST /campaigns/new"] = _ => [Probe.Without("/campaigns/new")],
        ["GET,POST /campaigns/{CampaignId:int}"] = a => [Probe.NotFound($"/campaigns/{a.Campaign}")],
        ["GET,POST /campaigns/{CampaignId:int}/{Tab}"] = a => [.. new[] { "leads", "fields", "follow-ups" }.Select(tab => Probe.NotFound($"/campaigns/{a.Campaign}/{tab}"))],
        ["GET,POST /settings"] = _ => [Probe.Without("/settings")],
        ["GET,POST /settings/{Tab}"] = _ => [Probe.Without("/settings/members"), Probe.Without("/settings/api-keys"), Probe.Without("/settings/audit")],
        ["GET /leads/export.csv"] = a => [Probe.Without("/leads/export.csv"), Probe.Without($"/leads/export.csv?campaign={a.Campaign}&q=Zebulon")],
        ["GET /leads/selections/{bulkActionId:int}/export.csv"] = a => [Probe.NotFound($"/leads/selections/{a.BulkAction}/export.csv")],
        ["GET /imports/{importId:int}/rejected.csv"] = a => [Probe.NotFound($"/imports/{a.Import}/rejected.csv")],
        ["GET /api/v1/activities"] = _ => [], // with B's key: ApiKeyOfB_reads_and_writes_only_its_own_activities
        ["POST /api/v1/activities"] = _ => [], // idem
        // No organization data behind these:
        ["GET,POST /account/sign-in"] = _ => [],
        ["GET,POST /account/change-password"] = _ => [],
        ["GET,POST /account/access-denied"] = _ => [],
        ["POST /account/sign-out"] = _ => [],
        ["GET,POST /not-found"] = _ => [],
        ["ANY /healthz"] = _ => [],
        ["GET /openapi/{documentName}.json"] = _ => [],
        ["GET /recordings/demo/{seconds:int:range(1,900)}s-{variant:int}.wav"] = _ => [], // generated audio, the same for everyone
        ["GET,HEAD {**path:file}"] = _ => [], // static files
        ["GET /_framework/opaque-redirect"] = _ => [],
        ["ANY /_blazor"] = _ => [], // the circuit: its actions are the domain calls below
        ["ANY /_blazor/negotiate"] = _ => [],
        ["ANY /_blazor/disconnect/"] = _ => [],
        ["ANY /_blazor/initializers/"] = _ => [],
    };

    [SkippableFact]
    public void Every_route_of_the_app_is_in_the_matrix()
    {
        var routes = data.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor"))
            .Select(e => $"{(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? string.Join(",", methods) : "ANY")} {e.RoutePattern.RawText}")
            .ToHashSet();

        // A new route: add it to the matrix with how another organization tries it. A route that is gone: take it out.
        Assert.True(routes.SetEquals(Matrix.Keys),
            $"Not in the matrix: {string.Join("; ", routes.Except(Matrix.Keys))}. No longer routes: {string.Join("; ", Matrix.Keys.Except(routes))}");
    }

    [SkippableFact]
    public async Task A_member_of_B_gets_not_found_or_none_of_A_s_data_on_every_route()
    {
        using var b = await data.App.SignedInClientAsync(LeadActivityAppFactory.OtherAdminEmail);
        var failures = new List<string>();
        foreach (var probe in Matrix.Values.SelectMany(probes => probes(data.A)))
        {
            var response = await b.GetAsync(probe.Path);
            var body = await response.Content.ReadAsStringAsync();
            if (probe.Expected == Outcome.NotFound && response.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{probe.Path}: {(int)response.StatusCode}, expected 404");
            if (probe.Expected == Outcome.WithoutForeignData && response.StatusCode != HttpStatusCode.OK)
                failures.Add($"{probe.Path}: {(int)response.StatusCode}, expected 200 with B's own data");
            if (body.Contains(Marker, StringComparison.OrdinalIgnoreCase) || body.Contains(LeadActivityAppFactory.AdminEmail))
                failures.Add($"{probe.Path}: shows organization A's data");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public async Task A_s_own_admin_reaches_the_same_addresses_so_the_ids_are_real()
    {
        using var a = await data.App.SignedInClientAsync();
        foreach (var probe in Matrix.Values.SelectMany(probes => probes(data.A)).Where(p => p.Expected == Outcome.NotFound && !p.Path.Contains(data.A.OtherLead.ToString())))
        {
            var response = await a.GetAsync(probe.Path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{probe.Path}: {(int)response.StatusCode}");
        }
        // The pages B saw without A's data do show it to A: the check above could have caught a leak.
        foreach (var path in new[] { $"/leads/{data.A.Lead}", $"/campaigns/{data.A.Campaign}/leads", "/leads?q=Zebulon", "/campaigns", $"/leads/export.csv?campaign={data.A.Campaign}&q=Zebulon", "/settings", "/settings/audit" })
        {
            var body = await a.GetStringAsync(path);
            Assert.True(body.Contains(Marker) || body.Contains(LeadActivityAppFactory.AdminEmail), $"{path} does not show A's own data to A");
        }
    }

    [SkippableFact]
    public async Task ApiKeyOfB_reads_and_writes_only_its_own_activities()
    {
        using var b = data.App.ApiClient(Fixture.OtherOrganizationKey);

        var page = await b.GetFromJsonAsync<JsonElement>("/api/v1/activities?after=0&limit=1000");
        var ids = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt64()).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains(id, data.OtherActivityIds));

        var single = await b.PostAsJsonAsync("/api/v1/activities", Call(data.A.Campaign, leadId: data.A.Lead));
        Assert.Equal(HttpStatusCode.NotFound, single.StatusCode);
        var byPhone = await b.PostAsJsonAsync("/api/v1/activities", Call(data.A.Campaign, leadPhone: data.A.LeadPhone));
        Assert.Equal(HttpStatusCode.NotFound, byPhone.StatusCode);
        var batch = await b.PostAsJsonAsync("/api/v1/activities", new[] { Call(data.A.Campaign, leadId: data.A.Lead) });
        var answers = await batch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, answers[0].GetProperty("status").GetInt32());
        Assert.Equal(data.ActivitiesOfA, await data.CountActivitiesAsync(data.A.OrganizationId));
    }

    [SkippableFact]
    public async Task Every_circuit_action_of_B_on_A_s_ids_finds_nothing_and_changes_nothing()
    {
        await using var scope = await data.App.ActAsAsync(LeadActivityAppFactory.OtherAdminEmail);
        var services = scope.ServiceProvider;
        var a = data.A;

        Assert.Null(await services.GetRequiredService<LeadDetailQuery>().GetAsync(a.Lead));
        Assert.Null(await services.GetRequiredService<LeadDetailQuery>().CallAsync(a.Lead, a.Activity));
        Assert.False(await services.GetRequiredService<LeadService>().ChangeStatusAsync(a.Lead, LeadStatus.DoNotCall));
        var notes = services.GetRequiredService<NoteService>();
        Assert.Empty(await notes.ListAsync(a.Lead));
        Assert.Equal(RefusalKind.NotFound, (await notes.AddAsync(a.Lead, "from B")).Refused);
        Assert.Equal(RefusalKind.NotFound, (await notes.EditAsync(a.Note, "from B")).Refused);
        Assert.Equal(RefusalKind.NotFound, (await notes.DeleteAsync(a.Note)).Refused);
        Assert.Equal(RefusalKind.NotFound, (await services.GetRequiredService<FollowUpService>().CancelAsync(a.FollowUp)).Refused);
        var campaigns = services.GetRequiredService<CampaignService>();
        Assert.Null(await campaigns.OverviewAsync(a.Campaign));
        Assert.False(await campaigns.SetStatusAsync(a.Campaign, CampaignStatus.Paused));
        var importer = services.GetRequiredService<LeadImporter>();
        Assert.Null(await importer.FindAsync(a.Import));
        Assert.Empty(await importer.HistoryAsync(a.Campaign));
        Assert.Null(await importer.RejectedRowsPathAsync(a.Import));
        Assert.False((await importer.UndoAsync(a.Import)).Succeeded);
        Assert.False((await importer.CancelAsync(a.Import)).Succeeded);
        Assert.Equal(OrganizationMembers.NotFound, (await services.GetRequiredService<OrganizationMembers>().RemoveAsync(a.AdminId)).Error);
        Assert.Equal(OrganizationMembers.NotFound, (await services.GetRequiredService<OrganizationMembers>().ResetPasswordAsync(a.AdminId)).Error);
        Assert.DoesNotContain(await services.GetRequiredService<OrganizationMembers>().ListAsync(), m => m.Id == a.AdminId);
        var sources = services.GetRequiredService<LeadActivity.Domain.Import.Sources.LeadSourceService>();
        Assert.Empty(await sources.ListAsync(a.Campaign));
        Assert.Null(await sources.TestConnectionAsync(a.Source));
        Assert.Equal("The source was not found.", await sources.PullNowAsync(a.Source));
        Assert.False((await sources.SaveAsync(a.Campaign, a.Source, new() { Name = "Mine", Url = "https://example.com", Auth = LeadActivity.Domain.Import.Sources.LeadSourceAuth.None })).Succeeded);
        Assert.False(await sources.DeleteAsync(a.Source));
        var views = services.GetRequiredService<SavedLeadViews>();
        Assert.Null(await views.FindAsync(data.SavedView));
        Assert.DoesNotContain(await views.ListAsync(), v => v.Id == data.SavedView);
        Assert.False(await views.ShareAsync(data.SavedView, false));
        Assert.False(await views.DeleteAsync(data.SavedView));
        Assert.True((await views.SaveAsync($"{Marker} view", LeadFilter.Default, shared: true)).Succeeded); // B's own, beside A's of the same name
        var leadsOfB = (await services.GetRequiredService<LeadQuery>().PageAsync(LeadFilter.Default)).Total;
        Assert.InRange((await services.GetRequiredService<LeadQuery>().CountriesAsync()).Sum(c => c.Leads), 0, leadsOfB);
        Assert.Empty((await services.GetRequiredService<LeadQuery>().PageAsync(LeadFilter.FromQuery(new Dictionary<string, string?> { ["f.company"] = $"has:{Marker}" }))).Rows);
        Assert.False(await services.GetRequiredService<ApiKeyService>().RevokeAsync(a.ApiKey));
        var bulk = services.GetRequiredService<LeadActivity.Domain.Leads.Bulk.LeadBulkActions>();
        var theirLead = LeadActivity.Domain.Leads.Bulk.LeadSelection.Of([a.Lead]);
        var theirCampaign = LeadActivity.Domain.Leads.Bulk.LeadSelection.AllMatching(LeadFilter.Default with { CampaignId = a.Campaign });
        Assert.Equal(0, await bulk.CountAsync(theirLead));
        Assert.Equal(0, await bulk.CountAsync(theirCampaign));
        Assert.False((await bulk.ChangeStatusAsync(theirLead, LeadStatus.DoNotCall)).Started);
        Assert.False((await bulk.ChangeStatusAsync(theirCampaign, LeadStatus.DoNotCall)).Started);
        Assert.False((await bulk.CancelFollowUpsAsync(theirLead)).Started);
        Assert.Null(await bulk.PreviewMoveAsync(LeadActivity.Domain.Leads.Bulk.LeadSelection.Of([a.OtherLead]), a.Campaign));
        Assert.False((await bulk.MoveAsync(LeadActivity.Domain.Leads.Bulk.LeadSelection.Of([a.OtherLead]), a.Campaign)).Started);
        Assert.Null(await bulk.FindAsync(a.BulkAction));
        Assert.DoesNotContain(await bulk.HistoryAsync(), x => x.Id == a.BulkAction);
        Assert.Null(await bulk.ExportAsync(a.BulkAction));
        Assert.False((await bulk.StartExportAsync(theirCampaign)).Started);
        Assert.DoesNotContain(await services.GetRequiredService<ApiKeyService>().ListAsync(), k => k.Id == a.ApiKey);

        await using var db = data.App.Database.CreateContext(a.OrganizationId);
        Assert.Equal($"{Marker} note", (await db.Notes.SingleAsync(n => n.Id == a.Note)).Text);
        Assert.Equal(FollowUpState.Scheduled, (await db.FollowUps.SingleAsync(f => f.Id == a.FollowUp)).State);
        Assert.NotEqual(LeadStatus.DoNotCall, (await db.Leads.SingleAsync(l => l.Id == a.Lead)).Status);
        Assert.Null((await db.ApiKeys.SingleAsync(k => k.Id == a.ApiKey)).RevokedAt);
        Assert.True(await db.Users.AnyAsync(u => u.Id == a.AdminId));
        Assert.Equal(LeadImportState.Completed, (await db.LeadImports.SingleAsync(i => i.Id == a.Import)).State);
        Assert.Equal($"{Marker} source", (await db.LeadSources.SingleAsync(s => s.Id == a.Source)).Name);
        Assert.True((await db.SavedLeadViews.SingleAsync(v => v.Id == data.SavedView)).Shared);
        Assert.Equal(FollowUpState.Scheduled, (await db.FollowUps.SingleAsync(f => f.Id == a.FollowUp)).State);
    }

    private static object Call(int campaignId, int? leadId = null, string? leadPhone = null) => new
    {
        externalId = $"b-{Guid.NewGuid():N}", type = "call", campaignId, leadId, leadPhone,
        occurredAt = DateTime.UtcNow.AddMinutes(-1), outcome = "no_answer",
    };

    public enum Outcome { NotFound, WithoutForeignData }

    public sealed record Probe(string Path, Outcome Expected)
    {
        public static Probe NotFound(string path) => new(path, Outcome.NotFound);
        public static Probe Without(string path) => new(path, Outcome.WithoutForeignData);
    }

    /// <summary>Organization A's ids (and one lead of B's, to pair with A's call).</summary>
    public sealed record Ids(int OrganizationId, int Lead, string LeadPhone, int Campaign, long Activity, long Note, long FollowUp, int Import, string AdminId, int ApiKey, int OtherLead, int Source, int BulkAction);

    /// <summary>The app with both organizations' data arranged, on one provider; skipped (failed under CI) when its server is missing.</summary>
    public abstract class Fixture(DatabaseProvider provider) : IAsyncLifetime
    {
        public const string OtherOrganizationKey = "harbor-la-key-9f8e7d6c5b4a3210";

        public LeadActivityAppFactory App { get; } = provider == DatabaseProvider.Postgres ? new PostgresAppFactory { DemoLeads = 60 } : new LeadActivityAppFactory { DemoLeads = 60 };

        /// <summary>Every test starts here: the data, or the skip (failure under CI) its provider's missing server calls for.</summary>
        public Fixture Ready
        {
            get
            {
                TestServers.Require(provider);
                return this;
            }
        }
        public Ids A { get; private set; } = null!;
        public int B { get; private set; }
        public HashSet<long> OtherActivityIds { get; private set; } = [];
        public int ActivitiesOfA { get; private set; }

        /// <summary>A view A's admin saved and shared with A's organization.</summary>
        public int SavedView { get; private set; }

        public async Task InitializeAsync()
        {
            if (TestServers.Missing(provider))
                return; // each test skips (or fails under CI) on its own
            _ = App.Server;
            await using var system = App.Database.CreateContext(0);
            var organizations = await system.Organizations.IgnoreQueryFilters().ToDictionaryAsync(o => o.Slug, o => o.Id);
            var a = organizations["demo"];
            B = organizations["harbor"];

            await using var dbA = App.Database.CreateContext(a);
            var call = await dbA.Activities.Include(x => x.Lead).Where(x => x.Kind == Domain.Activities.ActivityKind.Call && x.Lead!.Phone != null).OrderBy(x => x.Id).FirstAsync();
            var lead = call.Lead!;
            lead.Name = $"Zebulon {Marker}";
            call.Summary = $"{Marker} call";
            var campaign = await dbA.Campaigns.SingleAsync(c => c.Id == lead.CampaignId);
            campaign.Name = $"{Marker} campaign";
            var note = new Note { LeadId = lead.Id, AuthorId = "sam", Author = "Sam", Text = $"{Marker} note", CreatedAt = DateTime.UtcNow };
            dbA.Notes.Add(note);
            var followUp = new FollowUp { LeadId = lead.Id, CampaignId = campaign.Id, DueAt = DateTime.UtcNow.AddDays(1), Channel = Channel.Phone, State = FollowUpState.Scheduled, CreatedAt = DateTime.UtcNow, Attempt = 2, MaxAttempts = 3 };
            dbA.FollowUps.Add(followUp);
            var import = new LeadImport { CampaignId = campaign.Id, FileName = $"{Marker}.csv", StartedBy = "Sam", StartedById = "sam", State = LeadImportState.Completed, CreatedAt = DateTime.UtcNow, Rows = 1, Rejected = 1 };
            dbA.LeadImports.Add(import);
            var source = new LeadActivity.Domain.Import.Sources.LeadSource { CampaignId = campaign.Id, Name = $"{Marker} source", Url = "https://provider.example/contacts", CreatedAt = DateTime.UtcNow };
            dbA.LeadSources.Add(source);
            var view = new SavedLeadView { Name = $"{Marker} view", Query = $"q=Zebulon&f.company=has:{Marker}", Shared = true, OwnerId = "sam", OwnerName = "Sam", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            dbA.SavedLeadViews.Add(view);
            lead.Fields["company"] = $"{Marker} Ltd";
            var bulkAction = new LeadActivity.Domain.Leads.Bulk.BulkAction
            {
                Kind = LeadActivity.Domain.Leads.Bulk.BulkActionKind.Export, Description = $"{Marker} export",
                Selection = $"ids:{lead.Id}", SelectionLabel = "1 lead chosen one by one", StartedBy = "Sam", StartedById = "sam",
                State = LeadActivity.Domain.Leads.Bulk.BulkActionState.Completed, Selected = 1, Affected = 1, CreatedAt = DateTime.UtcNow,
            };
            dbA.BulkActions.Add(bulkAction);
            await dbA.SaveChangesAsync();
            SavedView = view.Id;
            var rejected = App.Services.GetRequiredService<ImportStorage>().RejectedOf(import.Id); // the node's own folder
            Directory.CreateDirectory(Path.GetDirectoryName(rejected)!);
            await File.WriteAllTextAsync(rejected, $"name,phone,error\nZebulon {Marker},0415,local format\n");
            var adminId = await system.Users.Where(u => u.Email == LeadActivityAppFactory.AdminEmail).Select(u => u.Id).SingleAsync();
            var apiKey = await dbA.ApiKeys.Select(k => k.Id).FirstAsync();
            ActivitiesOfA = await CountActivitiesAsync(a);

            await using var dbB = App.Database.CreateContext(B);
            dbB.ApiKeys.Add(new ApiKey { Name = "Harbor agent", KeyHash = ApiKey.Hash(OtherOrganizationKey), CreatedAt = DateTime.UtcNow });
            await dbB.SaveChangesAsync();
            OtherActivityIds = (await dbB.Activities.Select(x => x.Id).ToListAsync()).ToHashSet();
            var otherLead = await dbB.Leads.Select(l => l.Id).FirstAsync();

            A = new Ids(a, lead.Id, lead.Phone!, campaign.Id, call.Id, note.Id, followUp.Id, import.Id, adminId, apiKey, otherLead, source.Id, bulkAction.Id);
        }

        public async Task<int> CountActivitiesAsync(int organizationId)
        {
            await using var db = App.Database.CreateContext(organizationId);
            return await db.Activities.CountAsync();
        }

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }

    public sealed class SqliteFixture() : Fixture(DatabaseProvider.Sqlite);

    public sealed class PostgresFixture() : Fixture(DatabaseProvider.Postgres);
}

public sealed class AccessMatrixOnSqliteTests(AccessMatrixTests.SqliteFixture data) : AccessMatrixTests(data.Ready), IClassFixture<AccessMatrixTests.SqliteFixture>;

public sealed class AccessMatrixOnPostgresTests(AccessMatrixTests.PostgresFixture data) : AccessMatrixTests(data.Ready), IClassFixture<AccessMatrixTests.PostgresFixture>;
