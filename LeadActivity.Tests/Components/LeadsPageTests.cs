using Bunit;
using LeadActivity.App.Components.Leads;
using LeadActivity.Domain;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class LeadsPageTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private int organization;
    private Campaign spring = null!, autumn = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        organization = await database.AddOrganizationAsync("acme");
        spring = await database.AddCampaignAsync(organization, "Spring");
        autumn = await database.AddCampaignAsync(organization, "Autumn");
        await using var db = database.Context(organization);
        db.Leads.AddRange(
            NewLead(spring, "Ana", "+14155550101", LeadStatus.Callback),
            NewLead(spring, "Ben", "+14155550102", LeadStatus.Callback),
            NewLead(spring, "Cleo", "+14155550103", LeadStatus.Qualified),
            NewLead(autumn, "Dan", "+14155550104", LeadStatus.Callback));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Clicking_a_status_chip_puts_the_status_in_the_url_and_filters_the_grid()
    {
        await using var ctx = NewContext();
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("leads");
        var page = ctx.Render<LeadsPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("#leads-grid tbody tr").Count));

        await page.Find("[data-status=qualified]").ClickAsync(new());

        Assert.EndsWith("/leads?status=qualified", navigation.Uri);
        page.WaitForAssertion(() => Assert.Equal(["Cleo"], page.FindAll(".la-lead-name").Select(a => a.TextContent)));
        Assert.Equal("true", page.Find("[data-status=qualified]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task The_status_chip_counts_follow_the_other_filters()
    {
        await using var ctx = NewContext();
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("leads?status=qualified");
        var page = ctx.Render<LeadsPage>();
        page.WaitForAssertion(() => Assert.Equal("3", Count(page, "callback")));

        navigation.NavigateTo($"leads?status=qualified&campaign={spring.Id}");
        page.WaitForAssertion(() => Assert.Equal("2", Count(page, "callback")));
        Assert.Equal("1", Count(page, "qualified"));

        navigation.NavigateTo($"leads?status=qualified&campaign={autumn.Id}");
        page.WaitForAssertion(() => Assert.Equal("1", Count(page, "callback")));
        Assert.Equal("0", Count(page, "qualified"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#no-match")));
    }

    [Fact]
    public async Task A_malformed_query_string_shows_the_default_view()
    {
        await using var ctx = NewContext();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("leads?status=bogus&page=-3&sort=drop%20table&campaign=abc");

        var page = ctx.Render<LeadsPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("#leads-grid tbody tr").Count));
        Assert.All(page.FindAll("[data-status]"), chip => Assert.Equal("false", chip.GetAttribute("aria-pressed")));
    }

    [Fact]
    public async Task A_search_longer_than_the_limit_is_cut_with_a_message_instead_of_going_whole_into_the_url()
    {
        await using var ctx = NewContext();
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("leads");
        var page = ctx.Render<LeadsPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("#leads-grid tbody tr").Count));
        var search = page.FindComponent<MudTextField<string>>();

        await page.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("Ana " + new string('x', 10_000)));

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(navigation.ToAbsoluteUri(navigation.Uri).Query);
        Assert.Equal(LeadFilter.MaxSearchLength, query["q"].ToString().Length);
        Assert.True(navigation.Uri.Length < 2_000, $"{navigation.Uri.Length} characters");
        page.WaitForAssertion(() => Assert.Contains("first 200 characters", page.Find("#search-cut").TextContent));
    }

    private static string Count(IRenderedComponent<LeadsPage> page, string status) =>
        page.Find($"[data-status={status}] .la-count").TextContent.Trim();

    private BunitContext NewContext()
    {
        // Saved views and the selection bar's bulk actions record who made them.
        var ctx = InteractiveContext.For(database, organization,
            services: s => s.AddSingleton<LeadActivity.Domain.Accounts.ICurrentUser>(new LeadActivity.Domain.Accounts.FixedUser("u-ana", "Ana")));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static Lead NewLead(Campaign campaign, string name, string phone, LeadStatus status) => new()
    {
        CampaignId = campaign.Id,
        Name = name,
        Phone = phone,
        Status = status,
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };
}
