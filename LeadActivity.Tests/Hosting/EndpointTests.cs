using System.Net;
using LeadActivity.Tests.Support;

namespace LeadActivity.Tests.Hosting;

public sealed class EndpointTests(LeadActivityAppFactory app) : IClassFixture<LeadActivityAppFactory>
{
    [Fact]
    public async Task Healthz_reports_a_healthy_database()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_home_page_renders_the_demo_activity()
    {
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("Lead activity", html);
        Assert.Contains("data-activity-id", html);
        Assert.True(File.Exists(app.DatabasePath), "the app uses the test's own database");
    }

    [Fact]
    public async Task An_unknown_address_gets_the_not_found_page()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is nothing at this address", await response.Content.ReadAsStringAsync());
    }
}
