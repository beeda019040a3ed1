using LeadActivity.Domain.Persistence;
using System.Net;
using System.Net.Http.Json;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Tests.Accounts;

public abstract class SignInTests(LeadActivityAppFactory app)
{
    private HttpClient Anonymous() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [SkippableFact]
    public async Task Every_page_and_endpoint_sends_an_anonymous_visitor_to_sign_in()
    {
        _ = app.Server;
        var paths = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null
                        && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true
                        && !e.RoutePattern.RawText!.StartsWith("/api/") && !e.RoutePattern.RawText.StartsWith("{"))
            .Select(e => Concrete(e.RoutePattern.RawText!))
            .Distinct().ToList();
        using var client = Anonymous();

        Assert.Contains("/leads/1", paths);
        Assert.Contains("/settings", paths);
        foreach (var path in paths)
        {
            var response = await client.GetAsync(path);
            if (path.StartsWith("/openapi/"))
            {
                // Open to members and API keys alike; without either it answers like the API.
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.OriginalString);
            Assert.DoesNotContain("data-activity-id", await response.Content.ReadAsStringAsync());
        }
    }

    [SkippableFact]
    public void Only_sign_in_access_denied_health_and_static_files_are_open_to_anonymous_visitors()
    {
        _ = app.Server;
        var open = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
                        && !e.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor"))
            .Select(e => e.RoutePattern.RawText).ToHashSet();

        Assert.Equal(["/account/access-denied", "/account/sign-in", "/healthz"], open.Order());
    }

    [SkippableFact]
    public async Task Signing_in_with_the_demo_admin_leads_back_to_the_page_asked_for()
    {
        using var client = Anonymous();
        var form = await client.GetStringAsync("/account/sign-in?returnUrl=%2Fleads");
        var token = LeadActivityAppFactory.AntiforgeryToken(form);

        var response = await client.PostAsync("/account/sign-in?returnUrl=%2Fleads", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "sign-in",
            ["Input.Email"] = LeadActivityAppFactory.AdminEmail, ["Input.Password"] = LeadActivityAppFactory.Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/leads", response.Headers.Location!.OriginalString.Replace(client.BaseAddress!.ToString().TrimEnd('/'), ""));
    }

    [SkippableFact]
    public async Task A_sign_in_post_without_its_antiforgery_token_is_refused()
    {
        using var client = Anonymous();

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["Input.Email"] = LeadActivityAppFactory.AdminEmail, ["Input.Password"] = LeadActivityAppFactory.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [SkippableFact]
    public async Task A_wrong_password_says_so_without_saying_whether_the_account_exists()
    {
        using var client = Anonymous();

        var wrongPassword = await LeadActivityAppFactory.SignInAsync(client, LeadActivityAppFactory.OtherAdminEmail, "not-the-password");
        var noAccount = await LeadActivityAppFactory.SignInAsync(client, "nobody@nowhere.example", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Contains("That email and password do not match an account.", await wrongPassword.Content.ReadAsStringAsync());
        Assert.Contains("That email and password do not match an account.", await noAccount.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = await app.SignedInClientAsync(LeadActivityAppFactory.OtherAdminEmail);
        var home = await client.GetStringAsync("/");
        var token = LeadActivityAppFactory.AntiforgeryToken(home);

        var signOut = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["returnUrl"] = "",
        }));
        var after = await client.GetAsync("/leads");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.OriginalString);
    }

    [SkippableFact]
    public async Task Pages_carry_the_security_headers_and_are_not_cached()
    {
        using var client = await app.SignedInClientAsync();

        foreach (var response in new[] { await client.GetAsync("/leads"), await Anonymous().GetAsync("/account/sign-in") })
        {
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.True(response.Headers.CacheControl!.NoStore);
        }
    }

    [SkippableFact]
    public async Task The_api_without_a_key_or_with_a_wrong_one_is_401_and_a_signed_in_cookie_is_not_a_key()
    {
        using var cookie = await app.SignedInClientAsync();

        foreach (var response in new[]
                 {
                     await app.ApiClient(null).GetAsync("/api/v1/activities"),
                     await app.ApiClient("wrong-key").GetAsync("/api/v1/activities"),
                     await cookie.GetAsync("/api/v1/activities"),
                     await app.ApiClient(null).PostAsJsonAsync("/api/v1/activities", new { type = "call" }),
                 })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    /// <summary>A route pattern with sample values: ids 1, tabs by name.</summary>
    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{([^}:]+)[^}]*\\}", m => m.Groups[1].Value switch
        {
            "Tab" => "leads",
            "documentName" => "v1",
            "seconds" => "30",
            _ => "1",
        });
}

/// <summary>Limits, lockout and production error pages, each with its own app so their counters start at zero.</summary>
public sealed class AccessLimitTests
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await using var app = new LeadActivityAppFactory { DemoLeads = 10 };
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        for (var i = 0; i < 5; i++)
            await LeadActivityAppFactory.SignInAsync(client, LeadActivityAppFactory.OtherAdminEmail, $"wrong-{i}");
        var right = await LeadActivityAppFactory.SignInAsync(client, LeadActivityAppFactory.OtherAdminEmail, LeadActivityAppFactory.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // the form again, not a redirect into the app
        Assert.Contains("locked after too many failed sign-ins", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await LeadActivityAppFactory.SignInAsync(client, LeadActivityAppFactory.AdminEmail, LeadActivityAppFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_answer_the_same_for_an_existing_and_an_unknown_email_and_lock_them_only_for_that_address()
    {
        await using var app = new LeadActivityAppFactory
        {
            DemoLeads = 10,
            Settings = new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "100", ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" },
        };
        var server = app.StartOnRealPort();
        HttpClient From(string clientAddress)
        {
            var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server };
            client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
            return client;
        }
        using var attacker = From("203.0.113.7");

        var answers = new Dictionary<string, string>();
        foreach (var email in new[] { LeadActivityAppFactory.OtherAdminEmail, "nobody@nowhere.example" })
        {
            for (var i = 0; i < 5; i++)
                await LeadActivityAppFactory.SignInAsync(attacker, email, $"wrong-{i}");
            answers[email] = await (await LeadActivityAppFactory.SignInAsync(attacker, email, $"wrong-again")).Content.ReadAsStringAsync();
        }

        Assert.All(answers.Values, body => Assert.Contains("locked after too many failed sign-ins", body));
        Assert.All(answers.Values, body => Assert.DoesNotContain("do not match", body));
        // The member, elsewhere, is not locked out by someone guessing at their email.
        using var member = From("198.51.100.20");
        Assert.Equal(HttpStatusCode.Redirect, (await LeadActivityAppFactory.SignInAsync(member, LeadActivityAppFactory.OtherAdminEmail, LeadActivityAppFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_past_the_limit_get_a_429_page_saying_how_long_to_wait()
    {
        await using var app = new LeadActivityAppFactory { DemoLeads = 10, Settings = new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "3" } };
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            answers.Add(await LeadActivityAppFactory.SignInAsync(client, $"nobody{i}@nowhere.example", "wrong-password"));

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.Equal("text/html", answers[3].Content.Headers.ContentType!.MediaType); // a person reads it, not a client
        Assert.Contains("Too many attempts, try again in 1 minute.", await answers[3].Content.ReadAsStringAsync());
        // The same form posted to the path's other spellings counts against the same limit.
        foreach (var variant in new[] { "/account/sign-in/", "/Account/Sign-In" })
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync(variant, new FormUrlEncodedContent(new Dictionary<string, string>()))).StatusCode);
        Assert.InRange(int.Parse(answers[3].Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode); // the page itself stays readable
    }

    [Fact]
    public async Task Behind_a_known_proxy_sign_in_limits_count_per_forwarded_client_address()
    {
        await using var app = new LeadActivityAppFactory
        {
            DemoLeads = 10,
            Settings = new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "2", ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" },
        };
        var server = app.StartOnRealPort();
        using var client = new HttpClient { BaseAddress = server };

        async Task<HttpStatusCode> AttemptAsync(string clientAddress)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "account/sign-in") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
            request.Headers.Add("X-Forwarded-For", clientAddress);
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.NotEqual(HttpStatusCode.TooManyRequests, await AttemptAsync("203.0.113.7"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await AttemptAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync("203.0.113.7"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await AttemptAsync("198.51.100.20")); // someone else behind the same balancer
    }

    [Fact]
    public async Task Ingestion_requests_past_the_limit_get_429_with_retry_after()
    {
        await using var app = new LeadActivityAppFactory { DemoLeads = 10, Settings = new Dictionary<string, string?> { ["RateLimits:IngestionRequestsPerSecond"] = "3" } };
        using var client = app.ApiClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/v1/activities?limit=1")));

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(limited, a => Assert.True(int.Parse(a.Headers.GetValues("Retry-After").Single()) >= 1));
        Assert.All(limited, a => Assert.Equal("application/problem+json", a.Content.Headers.ContentType!.MediaType));
    }

    [Fact]
    public async Task Outside_development_an_error_shows_no_exception_message_stack_trace_or_sql()
    {
        await using var factory = new LeadActivityAppFactory { DemoLeads = 10 };
        await using var app = factory.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .ConfigureServices(services => services.AddHttpContextAccessor().AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, FailingEndpoints>()));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await LeadActivityAppFactory.SignInAsync(client, LeadActivityAppFactory.AdminEmail, LeadActivityAppFactory.Password);

        var page = await client.GetAsync("/leads?boom=1");
        var api = await client.GetAsync("/api/v1/activities?boom=1");

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        foreach (var body in new[] { await page.Content.ReadAsStringAsync(), await api.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain(FailingEndpoints.Secret, body);
            Assert.DoesNotContain("InvalidOperationException", body);
            Assert.DoesNotContain(" at ", body);
        }
        Assert.Contains("Something went wrong", await page.Content.ReadAsStringAsync());
    }

    /// <summary>Fails requests with <c>?boom</c> inside the pipeline, as a bug would.</summary>
    private sealed class FailingEndpoints(Microsoft.AspNetCore.Http.IHttpContextAccessor http) : Microsoft.AspNetCore.Authorization.IAuthorizationHandler
    {
        public const string Secret = "SELECT \"PasswordHash\" FROM \"AspNetUsers\"";

        public Task HandleAsync(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context) =>
            http.HttpContext?.Request is { } request && request.Query.ContainsKey("boom")
                ? throw new InvalidOperationException($"SQLite Error 1: near {Secret}")
                : Task.CompletedTask;
    }
}

public sealed class SignInOnSqliteTests(LeadActivityAppFactory app) : SignInTests(app), IClassFixture<LeadActivityAppFactory>;

public sealed class SignInOnPostgresTests(PostgresAppFactory app) : SignInTests(app), IClassFixture<PostgresAppFactory>;
