using System.Net;
using LeadActivity.Tests.Support;

namespace LeadActivity.Tests.Hosting;

/// <summary>Two app servers on one PostgreSQL database, reached on real ports as a load balancer would reach them.</summary>
public sealed class MultiNodeTests
{
    [SkippableFact]
    public async Task A_form_from_one_node_posts_to_the_other_and_the_sign_in_it_gives_works_on_both()
    {
        TestServers.RequirePostgres();
        await using var nodeA = new PostgresAppFactory { DemoLeads = 10 };
        var a = nodeA.StartOnRealPort();
        await using var nodeB = new PostgresAppFactory { SameDatabaseAs = nodeA, DemoLeads = 10 };
        var b = nodeB.StartOnRealPort();
        // Cookies belong to the host, not the port: one client sees both nodes as one site, as behind a balancer.
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

        // The antiforgery token and cookie come from node A; node B accepts them only with the same keys.
        var token = LeadActivityAppFactory.AntiforgeryToken(await client.GetStringAsync(new Uri(a, "account/sign-in")));
        var signIn = await client.PostAsync(new Uri(b, "account/sign-in"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "sign-in",
            ["Input.Email"] = LeadActivityAppFactory.AdminEmail,
            ["Input.Password"] = LeadActivityAppFactory.Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(a, "campaigns"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(b, "campaigns"))).StatusCode);
    }
}
