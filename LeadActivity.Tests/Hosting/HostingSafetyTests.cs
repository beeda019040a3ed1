using System.Net;
using LeadActivity.Tests.Activities;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadActivity.Tests.Hosting;

/// <summary>
/// What the hosting pipeline answers on its own — errors, refused sign-outs, foreign Host headers, HTTPS — through real
/// HTTP, each test with an app of its own in the environment it checks.
/// </summary>
public sealed class HostingSafetyTests
{
    private const string ProbeHeader = "X-Probe";
    private const string ProbeValue = "probe-7f3a9c-do-not-echo";

    private static HttpClient Client(Uri address) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = address };

    [Theory]
    [InlineData("Development", "leads/export.csv")]
    [InlineData("Development", "no-such-file.csv")]
    [InlineData("Production", "leads/export.csv")]
    [InlineData("Production", "leads")]
    public async Task A_failure_outside_the_pages_of_development_shows_no_stack_trace_or_request_header(string environment, string path)
    {
        await using var app = new ContractApp { EnvironmentName = environment, DemoLeads = 5 };
        using var client = Client(app.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(FailingRequests.Header, "1");
        request.Headers.Add(ProbeHeader, ProbeValue);
        request.Headers.Accept.ParseAdd("text/plain"); // the developer page's plain-text answer lists every header

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", body);
        Assert.DoesNotContain(FailingRequests.Secret, body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain(" at ", body);
        Assert.DoesNotContain(ProbeValue, body);
    }

    [Fact]
    public async Task Signing_out_without_the_antiforgery_token_is_a_400_page_and_keeps_the_member_signed_in()
    {
        await using var app = new ContractApp { EnvironmentName = "Production", DemoLeads = 5 };
        using var client = Client(app.Address);
        Assert.Equal(HttpStatusCode.Redirect, (await LeadActivityAppFactory.SignInAsync(client, LeadActivityAppFactory.AdminEmail, LeadActivityAppFactory.Password)).StatusCode);

        var signOut = await client.PostAsync("account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "" }));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal("text/html", signOut.Content.Headers.ContentType!.MediaType);
        Assert.Contains("You are still signed in", await signOut.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("leads")).StatusCode);
    }

    [Fact]
    public async Task In_production_a_host_not_in_allowed_hosts_is_a_400_and_never_reaches_a_redirect()
    {
        await using var app = new ContractApp { EnvironmentName = "Production", DemoLeads = 5 };
        using var client = Client(app.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "leads");
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("leads")).StatusCode); // its own name still works
    }

    [Fact]
    public async Task The_sign_in_redirect_names_a_path_not_the_requests_host()
    {
        await using var app = new ContractApp { DemoLeads = 5, Settings = new Dictionary<string, string?> { ["AllowedHosts"] = "*" } };
        using var client = Client(app.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "leads?page=2");
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Location!.IsAbsoluteUri, response.Headers.Location.ToString());
        Assert.StartsWith("/account/sign-in?ReturnUrl=", response.Headers.Location.OriginalString);
    }

    [Fact]
    public async Task Production_refuses_to_start_with_allowed_hosts_star()
    {
        await using var app = new ContractApp { EnvironmentName = "Production", DemoLeads = 5, Settings = new Dictionary<string, string?> { ["AllowedHosts"] = "*" } };

        Assert.ThrowsAny<Exception>(() => app.Address);
    }

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public async Task Over_https_production_sends_hsts_and_a_secure_antiforgery_cookie(string scheme, bool https)
    {
        await using var app = new ContractApp
        {
            EnvironmentName = "Production", DemoLeads = 5,
            Settings = new Dictionary<string, string?> { ["AllowedHosts"] = "leads.example.com" },
        };
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"{scheme}://leads.example.com"), AllowAutoRedirect = false });

        var page = await client.GetAsync("/account/sign-in");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(https, page.Headers.Contains("Strict-Transport-Security"));
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Equal(https, antiforgery.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Behind_a_known_proxy_that_says_https_the_antiforgery_cookie_is_secure()
    {
        await using var app = new ContractApp
        {
            EnvironmentName = "Production", DemoLeads = 5,
            Settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" },
        };
        using var client = Client(app.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "account/sign-in");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var page = await client.SendAsync(request);

        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }
}
