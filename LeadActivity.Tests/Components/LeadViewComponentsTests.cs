using Bunit;
using LeadActivity.App.Components.Leads;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Leads;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadActivity.Tests.Components;

/// <summary>The Leads page's saved views bar and shortcuts, rendered as a circuit renders them, on a real SQLite file.</summary>
public sealed class LeadViewComponentsTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private int acme, globex;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        acme = await database.AddOrganizationAsync("acme");
        globex = await database.AddOrganizationAsync("globex");
        var clock = TimeProvider.System;
        await new SavedLeadViews(database.Factory(acme), new FixedUser("u-ana", "Ana"), clock).SaveAsync("Ana's own", LeadFilter.Default with { Search = "ana" }, shared: false);
        await new SavedLeadViews(database.Factory(acme), new FixedUser("u-ana", "Ana"), clock).SaveAsync("Team callbacks", LeadFilter.Default with { Statuses = [LeadStatus.Callback] }, shared: true);
        await new SavedLeadViews(database.Factory(globex), new FixedUser("u-gil", "Gil"), clock).SaveAsync("Globex only", LeadFilter.Default, shared: true);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private BunitContext Context(int organizationId, string userId, string name)
    {
        var ctx = InteractiveContext.For(database, organizationId, services: s => s.AddSingleton<ICurrentUser>(new FixedUser(userId, name)));
        ctx.Render<MudPopoverProvider>();
        ctx.Render<MudSnackbarProvider>();
        return ctx;
    }

    [Fact]
    public async Task A_colleague_sees_the_shared_view_linked_to_its_whole_address_but_not_the_owner_s_own_nor_another_organization_s()
    {
        await using var ctx = Context(acme, "u-ben", "Ben");
        var bar = ctx.Render<SavedViewsBar>(p => p.Add(b => b.Filter, LeadFilter.Default));

        bar.WaitForAssertion(() => Assert.Single(bar.FindAll("[data-view-id]")));
        var chip = bar.Find("[data-view-name='Team callbacks']");
        Assert.StartsWith("leads?status=callback&view=", chip.GetAttribute("href"));
        Assert.DoesNotContain("Ana's own", bar.Markup);
        Assert.DoesNotContain("Globex only", bar.Markup);
        Assert.Empty(bar.FindAll(".la-view-menu")); // not Ben's to share or delete
    }

    [Fact]
    public async Task The_open_view_is_marked_while_the_filters_are_still_its_own()
    {
        await using var ctx = Context(acme, "u-ana", "Ana");
        var views = await ctx.Services.GetRequiredService<SavedLeadViews>().ListAsync();
        var team = views.Single(v => v.Name == "Team callbacks");
        var bar = ctx.Render<SavedViewsBar>(p => p.Add(b => b.Filter, LeadFilter.Default with { Statuses = [LeadStatus.Callback] }).Add(b => b.OpenViewId, team.Id));

        bar.WaitForAssertion(() => Assert.Equal("page", bar.Find("[data-view-name='Team callbacks']").GetAttribute("aria-current")));
        bar.Render(p => p.Add(b => b.Filter, LeadFilter.Default with { Statuses = [LeadStatus.Qualified] }));
        Assert.Null(bar.Find("[data-view-name='Team callbacks']").GetAttribute("aria-current"));
        Assert.Equal(2, bar.FindAll(".la-view-menu").Count); // both are Ana's
    }

    [Fact]
    public async Task Saving_without_a_name_says_so_and_saves_nothing()
    {
        await using var ctx = Context(acme, "u-ana", "Ana");
        var dialogs = ctx.Render<MudDialogProvider>();
        var bar = ctx.Render<SavedViewsBar>(p => p.Add(b => b.Filter, LeadFilter.Default with { Search = "x" }));
        bar.Find("#save-view").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#save-view-confirm"));
        dialogs.Find("#save-view-confirm").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Give the view a name.", dialogs.Markup));
        Assert.Equal(2, (await ctx.Services.GetRequiredService<SavedLeadViews>().ListAsync()).Count);
    }
}
