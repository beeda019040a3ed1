extern alias Bench;

using System.Net;
using System.Net.Http.Json;
using Bench::LeadActivity.Bench;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Activities;

/// <summary>
/// The load client of the dashboards benchmark (<see cref="BlazorCircuitClient"/>) against the real app on a real
/// port: it must hold live dashboards the way browsers do, or the benchmark's figures mean nothing.
/// </summary>
public sealed class LiveDashboardLoadClientTests
{
    private const int Dashboards = 50;

    [Fact]
    public async Task Fifty_dashboards_held_by_the_load_client_each_show_an_activity_posted_through_the_API()
    {
        await using var app = new LeadActivityAppFactory { DemoLeads = 20 };
        var address = app.StartOnRealPort();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        Assert.Equal(HttpStatusCode.Redirect, (await LeadActivityAppFactory.SignInAsync(browser, LeadActivityAppFactory.AdminEmail, LeadActivityAppFactory.Password)).StatusCode);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a dashboard that never goes live fails the test
        var dashboards = new List<BlazorCircuitClient>();
        try
        {
            foreach (var batch in Enumerable.Range(0, Dashboards).Chunk(10))
                dashboards.AddRange(await Task.WhenAll(batch.Select(_ => BlazorCircuitClient.OpenAsync(browser, cookies, cancellationToken: timeout.Token))));
            Assert.Equal(Dashboards, dashboards.Select(d => d.CircuitId).Distinct().Count());

            var text = $"Load client check {Guid.NewGuid():N}";
            var shown = dashboards.Select(d => d.WaitForTextAsync(text, timeout.Token)).ToList();
            using var api = new HttpClient { BaseAddress = address };
            api.DefaultRequestHeaders.Add("X-Api-Key", LeadActivityAppFactory.ApiKey);
            var posted = await api.PostAsJsonAsync("api/v1/activities", await InboundMessageAsync(app, text));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

            // The feed shows an inbound message as “Replied: “<text>””: every dashboard receives that row.
            await Task.WhenAll(shown);
            Assert.All(dashboards, d => Assert.Null(d.Failure));
            Assert.Empty(app.Errors.Entries);
        }
        finally
        {
            await Task.WhenAll(dashboards.Select(d => d.DisposeAsync().AsTask()));
        }
    }

    private static async Task<object> InboundMessageAsync(LeadActivityAppFactory app, string text)
    {
        await using var db = app.Database.CreateContext((await Domain.Persistence.DatabaseInitializer.FindOrganizationIdAsync(app.Database, "demo"))!.Value);
        var lead = await db.Leads.Where(l => l.Campaign!.Channel == Domain.Campaigns.Channel.WhatsApp && l.WhatsApp != null).OrderBy(l => l.Id).FirstAsync();
        return new
        {
            externalId = $"load-client-{Guid.NewGuid():N}",
            type = "message",
            campaignId = lead.CampaignId,
            leadWhatsApp = lead.WhatsApp,
            direction = "inbound",
            outcome = "replied",
            occurredAt = DateTimeOffset.UtcNow,
            body = text,
        };
    }
}
