using Bunit;
using LeadActivity.App.Components.Campaigns;
using LeadActivity.Domain;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadActivity.Tests.Components;

public sealed class CampaignFormsTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private int organization;
    private Campaign spring = null!;
    private IRenderedComponent<MudPopoverProvider> popovers = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        organization = await database.AddOrganizationAsync("acme");
        spring = await database.AddCampaignAsync(organization, "Spring");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task New_campaign_without_a_name_shows_the_message_and_creates_nothing()
    {
        await using var ctx = NewContext();
        var page = ctx.Render<NewCampaignPage>();

        await page.Find("#save-campaign").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Give the campaign a name", page.Find("#campaign-settings-form").TextContent));
        Assert.Equal(1, await CampaignCountAsync());
    }

    [Fact]
    public async Task New_campaign_with_a_taken_name_says_so_beside_the_name()
    {
        await using var ctx = NewContext();
        var page = ctx.Render<NewCampaignPage>();

        await page.Find("#campaign-name-input").InputAsync(new() { Value = "spring" });
        await page.Find("#save-campaign").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("already has a campaign called “spring”", page.Find("#campaign-name-input").ParentElement!.ParentElement!.ParentElement!.TextContent));
        Assert.Equal(1, await CampaignCountAsync());
    }

    [Fact]
    public async Task New_campaign_with_valid_settings_creates_a_draft_and_opens_it()
    {
        await using var ctx = NewContext();
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        var page = ctx.Render<NewCampaignPage>();

        await page.Find("#campaign-name-input").InputAsync(new() { Value = "Autumn" });
        await page.Find("[data-day=Friday]").ChangeAsync(new() { Value = false });
        await page.Find("#save-campaign").ClickAsync(new());

        await using var db = database.Context(organization);
        var created = await db.Campaigns.SingleAsync(c => c.Name == "Autumn");
        Assert.Equal(CampaignStatus.Draft, created.Status);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], created.CallingHours.Days);
        Assert.EndsWith($"/campaigns/{created.Id}", navigation.Uri);
    }

    [Fact]
    public async Task Calling_hours_that_end_before_they_start_show_the_message()
    {
        await using var ctx = NewContext();
        var page = ctx.Render<NewCampaignPage>();

        await page.Find("#campaign-name-input").InputAsync(new() { Value = "Autumn" });
        await page.Find("#campaign-end").ChangeAsync(new() { Value = "08:00" });
        await page.Find("#save-campaign").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Calling hours must end after they start", page.Markup));
        Assert.Equal(1, await CampaignCountAsync());
    }

    [Fact]
    public async Task Adding_a_field_with_a_bad_key_shows_the_message_and_a_good_one_is_saved()
    {
        await using var ctx = NewContext();
        var changed = 0;
        var tab = ctx.Render<CampaignFieldsTab>(p => p.Add(c => c.CampaignId, spring.Id).Add(c => c.Fields, [])
            .Add(c => c.OnChanged, () => changed++));

        await tab.Find("#add-field").ClickAsync(new());
        await tab.Find("#field-key").InputAsync(new() { Value = "Budget EUR" });
        await tab.Find("#field-label").InputAsync(new() { Value = "Budget" });
        await tab.Find("#save-field").ClickAsync(new());

        tab.WaitForAssertion(() => Assert.Contains("Keys are snake_case", tab.Find("#field-editor").TextContent));
        Assert.Empty(await FieldsAsync());
        Assert.Equal(0, changed);

        await tab.Find("#field-key").InputAsync(new() { Value = "budget_eur" });
        await tab.Find("#save-field").ClickAsync(new());

        tab.WaitForAssertion(() => Assert.Empty(tab.FindAll("#field-editor")));
        Assert.Equal(new CustomFieldDefinition("budget_eur", "Budget", CustomFieldType.Text), Assert.Single(await FieldsAsync()));
        Assert.Equal(1, changed);
    }

    [Fact]
    public async Task Changing_a_type_the_leads_values_would_not_survive_shows_how_many_beside_the_type()
    {
        var budget = new CustomFieldDefinition("budget", "Budget", CustomFieldType.Text);
        await using (var db = database.Context(organization))
        {
            (await db.Campaigns.SingleAsync()).Fields = [budget];
            db.Leads.AddRange(Lead("+14155550101", "twelve"), Lead("+14155550102", "12"));
            await db.SaveChangesAsync();
        }
        await using var ctx = NewContext();
        var tab = ctx.Render<CampaignFieldsTab>(p => p.Add(c => c.CampaignId, spring.Id).Add(c => c.Fields, [budget]));

        await tab.Find("[data-field-key=budget] .la-edit-field").ClickAsync(new());
        await SelectAsync(tab, ".la-field-type", "Number");
        await tab.Find("#save-field").ClickAsync(new());

        tab.WaitForAssertion(() => Assert.Contains("1 lead holds a value that is not a number (e.g. “twelve”): fix or clear them first",
            tab.Find("#field-editor").TextContent));
        Assert.Equal(CustomFieldType.Text, Assert.Single(await FieldsAsync()).Type);
    }

    [Fact]
    public async Task A_follow_up_rule_without_delay_shows_the_message_and_a_valid_one_is_saved()
    {
        await using var ctx = NewContext();
        var tab = ctx.Render<CampaignFollowUpsTab>(p => p.Add(c => c.CampaignId, spring.Id).Add(c => c.Rules, []));

        await SelectAsync(tab, "[data-outcome=Voicemail] .la-rule-channel", "By WhatsApp message");
        await tab.Find("[data-outcome=Voicemail] .la-rule-delay input").InputAsync(new() { Value = "0" });
        await tab.Find("#save-follow-ups").ClickAsync(new());

        tab.WaitForAssertion(() => Assert.Contains("After voicemail: wait at least a minute before retrying", tab.Find("[data-outcome=Voicemail]").TextContent));
        Assert.Empty(await RulesAsync());

        await tab.Find("[data-outcome=Voicemail] .la-rule-delay input").InputAsync(new() { Value = "2" });
        await SelectAsync(tab, "[data-outcome=Voicemail] .la-rule-unit", "days");
        await tab.Find("[data-outcome=Voicemail] .la-rule-attempts input").InputAsync(new() { Value = "4" });
        await tab.Find("#save-follow-ups").ClickAsync(new());

        tab.WaitForAssertion(() => Assert.Contains("Follow-up rules saved", SnackbarText(ctx)));
        Assert.Equal([new FollowUpRule(CallOutcome.Voicemail, TimeSpan.FromDays(2), 4, Channel.WhatsApp)], await RulesAsync());
    }

    [Fact]
    public async Task Editing_the_settings_in_the_dialog_saves_them_and_the_page_shows_them()
    {
        await using var ctx = NewContext();
        var dialogs = ctx.Render<MudDialogProvider>();
        var page = ctx.Render<CampaignPage>(p => p.Add(c => c.CampaignId, spring.Id));
        page.WaitForAssertion(() => Assert.Equal("Spring", page.Find("#campaign-name").TextContent));

        // The click's handler waits for the dialog to close, so it is awaited last.
        var edit = page.Find("#edit-campaign").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("#campaign-name-input")));
        await dialogs.Find("#campaign-name-input").InputAsync(new() { Value = "" });
        await dialogs.Find("#save-campaign").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Give the campaign a name", dialogs.Markup));

        await dialogs.Find("#campaign-name-input").InputAsync(new() { Value = "Spring 2027" });
        await dialogs.Find("#save-campaign").ClickAsync(new());

        await edit;
        page.WaitForAssertion(() => Assert.Equal("Spring 2027", page.Find("#campaign-name").TextContent));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#campaign-name-input")));
    }

    [Fact]
    public async Task Removing_a_field_asks_first_saying_how_many_values_go_with_it()
    {
        var budget = new CustomFieldDefinition("budget", "Budget", CustomFieldType.Text);
        await using (var db = database.Context(organization))
        {
            (await db.Campaigns.SingleAsync()).Fields = [budget];
            db.Leads.AddRange(Lead("+14155550101", "10k"), Lead("+14155550102", "20k"));
            await db.SaveChangesAsync();
        }
        await using var ctx = NewContext();
        var dialogs = ctx.Render<MudDialogProvider>();
        var tab = ctx.Render<CampaignFieldsTab>(p => p.Add(c => c.CampaignId, spring.Id).Add(c => c.Fields, [budget]));

        var remove = tab.Find("[data-field-key=budget] .la-remove-field").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("2 leads hold a value for it: the values are removed with the field.", dialogs.Markup));
        Assert.Single(await FieldsAsync());
        await dialogs.FindAll(".mud-dialog button").First(b => b.TextContent.Trim() == "Remove").ClickAsync(new());
        await remove;

        tab.WaitForAssertion(() => Assert.Contains("Field “Budget” removed", SnackbarText(ctx)));
        Assert.Empty(await FieldsAsync());
    }

    /// <summary>Opens a MudSelect by its control and picks the item with <paramref name="text"/> from the popover.</summary>
    private async Task SelectAsync(IRenderedComponent<IComponent> component, string controlSelector, string text)
    {
        await component.Find(controlSelector).MouseDownAsync(new());
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == text));
        await popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == text).ClickAsync(new());
    }

    private static string SnackbarText(BunitContext ctx) =>
        string.Join(" | ", ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));

    private async Task<int> CampaignCountAsync()
    {
        await using var db = database.Context(organization);
        return await db.Campaigns.CountAsync();
    }

    private async Task<IReadOnlyList<CustomFieldDefinition>> FieldsAsync()
    {
        await using var db = database.Context(organization);
        return (await db.Campaigns.SingleAsync(c => c.Id == spring.Id)).Fields;
    }

    private async Task<IReadOnlyList<FollowUpRule>> RulesAsync()
    {
        await using var db = database.Context(organization);
        return (await db.Campaigns.SingleAsync(c => c.Id == spring.Id)).FollowUpRules;
    }

    private Lead Lead(string phone, string budget) => new()
    {
        CampaignId = spring.Id, Name = phone, Phone = phone, Status = LeadStatus.New,
        Fields = new Dictionary<string, string> { ["budget"] = budget }, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };

    private BunitContext NewContext()
    {
        var ctx = InteractiveContext.For(database, organization);
        popovers = ctx.Render<MudPopoverProvider>();
        return ctx;
    }
}
