using Microsoft.EntityFrameworkCore;
using System.Net;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;

namespace LeadActivity.Tests.Hosting;

public abstract class EndpointTests(LeadActivityAppFactory app)
{
    [SkippableFact]
    public async Task Healthz_reports_a_healthy_database()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("entries").GetProperty("database").GetProperty("status").GetString());
        var redis = body.RootElement.GetProperty("entries").GetProperty("redis");
        Assert.Equal("Healthy", redis.GetProperty("status").GetString());
        Assert.StartsWith("not configured", redis.GetProperty("description").GetString());
    }

    [SkippableFact]
    public async Task The_home_page_renders_the_demo_activity()
    {
        using var client = await app.SignedInClientAsync();

        var html = await client.GetStringAsync("/");

        Assert.Contains("Lead activity", html);
        Assert.Contains("data-activity-id", html);
        await using var db = app.Database.CreateContext(0);
        Assert.True(await db.Organizations.IgnoreQueryFilters().AnyAsync(o => o.Slug == "demo"), "the app uses the test's own database");
    }

    [SkippableFact]
    public async Task A_lead_that_does_not_exist_or_belongs_to_another_organization_is_a_404()
    {
        var otherLead = await AddLeadOfAnotherOrganizationAsync();
        using var client = await app.SignedInClientAsync();

        var missing = await client.GetAsync("/leads/999999");
        var foreign = await client.GetAsync($"/leads/{otherLead}");
        var own = await client.GetAsync("/leads/1");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("Intruder", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [SkippableFact]
    public async Task Demo_recordings_are_served_as_seekable_audio()
    {
        using var client = await app.SignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/recordings/demo/30s-1.wav");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(44, 1043);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1000, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    private async Task<int> AddLeadOfAnotherOrganizationAsync()
    {
        _ = app.Server; // the app (and its database) exists once the server has started
        await using var system = app.Database.CreateContext(0);
        var other = new Organization { Name = "Globex", Slug = $"globex-{Guid.NewGuid():N}", CreatedAt = DateTime.UtcNow };
        system.Organizations.Add(other);
        await system.SaveChangesAsync();
        await using var db = app.Database.CreateContext(other.Id);
        var campaign = new Campaign { Name = "Globex spring", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        var lead = new Lead { CampaignId = campaign.Id, Name = "Intruder", Phone = "+14155550199", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Leads.Add(lead);
        await db.SaveChangesAsync();
        return lead.Id;
    }

    [SkippableFact]
    public async Task An_unknown_address_gets_the_not_found_page()
    {
        using var client = await app.SignedInClientAsync();

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is nothing at this address", await response.Content.ReadAsStringAsync());
    }
}

public sealed class EndpointOnSqliteTests(LeadActivityAppFactory app) : EndpointTests(app), IClassFixture<LeadActivityAppFactory>;

public sealed class EndpointOnPostgresTests(PostgresAppFactory app) : EndpointTests(app), IClassFixture<PostgresAppFactory>;
