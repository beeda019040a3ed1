using LeadActivity.Domain;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Tests.Campaigns;

public abstract class CampaignFieldServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CustomFieldDefinition Budget = new("budget", "Budget", CustomFieldType.Text);
    private TestDatabase database = null!;
    private int org, otherOrg;
    private Campaign spring = null!, autumn = null!;
    private int phone = 100;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        otherOrg = await database.AddOrganizationAsync("globex");
        spring = await database.AddCampaignAsync(org, "Spring");
        autumn = await database.AddCampaignAsync(org, "Autumn");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private CampaignFieldService Service(int? organization = null) => new(database.Factory(organization ?? org), database.Database.Stores.CampaignFields, TimeProvider.System);

    private async Task WithFieldAsync(Campaign campaign, CustomFieldDefinition field)
    {
        await using var db = database.Context(org);
        var c = await db.Campaigns.SingleAsync(x => x.Id == campaign.Id);
        c.Fields = [.. c.Fields, field];
        await db.SaveChangesAsync();
    }

    /// <summary>Adds one lead per value; null adds a lead without the field.</summary>
    private async Task AddLeadsAsync(Campaign campaign, string key, params string?[] values)
    {
        await using var db = database.Context(org);
        foreach (var value in values)
        {
            db.Leads.Add(new Lead
            {
                CampaignId = campaign.Id, Name = $"Lead {phone}", Phone = $"+1415555{phone++:0000}", Status = LeadStatus.New,
                Fields = value is null ? [] : new Dictionary<string, string> { [key] = value, ["other"] = "kept" },
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync();
    }

    private async Task<IReadOnlyList<CustomFieldDefinition>> FieldsAsync(Campaign campaign)
    {
        await using var db = database.Context(org);
        return (await db.Campaigns.SingleAsync(c => c.Id == campaign.Id)).Fields;
    }

    private async Task<List<string?>> ValuesAsync(Campaign campaign, string key)
    {
        await using var db = database.Context(org);
        var leads = await db.Leads.Where(l => l.CampaignId == campaign.Id).OrderBy(l => l.Id).ToListAsync();
        return leads.Select(l => l.Fields.GetValueOrDefault(key)).ToList();
    }

    [SkippableFact]
    public async Task AddFieldAsync_is_registered_and_adds_a_trimmed_field()
    {
        var services = new ServiceCollection().AddLeadActivityDomain(database.Database)
            .AddSingleton<IOrganizationScope>(new FixedOrganizationScope(org)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<CampaignFieldService>()
            .AddFieldAsync(spring.Id, new(" plan ", " Plan ", CustomFieldType.Choice, true, [" Gold", "Silver ", ""]));

        Assert.Equal(ChangeResult.Done, result);
        var field = Assert.Single(await FieldsAsync(spring));
        Assert.Equal(("plan", "Plan", CustomFieldType.Choice, true), (field.Key, field.Label, field.Type, field.Required));
        Assert.Equal(["Gold", "Silver"], field.Options);
    }

    [SkippableTheory]
    [InlineData("Budget", "Budget", CustomFieldType.Text, "Key", "Keys are snake_case")]
    [InlineData("budget__eur", "Budget", CustomFieldType.Text, "Key", "Keys are snake_case")]
    [InlineData("", "Budget", CustomFieldType.Text, "Key", "Give the field a key")]
    [InlineData("budget", " ", CustomFieldType.Text, "Label", "Give the field a label")]
    [InlineData("plan", "Plan", CustomFieldType.Choice, "Options", "A choice field needs at least one option")]
    public async Task AddFieldAsync_refuses_an_invalid_definition_with_a_message_for_its_input(string key, string label, CustomFieldType type, string input, string message)
    {
        var result = await Service().AddFieldAsync(spring.Id, new(key, label, type, Options: [" "]));

        Assert.False(result.Succeeded);
        Assert.StartsWith(message, result.Errors[input]);
        Assert.Equal(result.Errors[input], result.Error);
        Assert.Empty(await FieldsAsync(spring));
    }

    [SkippableFact]
    public async Task AddFieldAsync_refuses_options_that_differ_only_in_case()
    {
        var result = await Service().AddFieldAsync(spring.Id, new("plan", "Plan", CustomFieldType.Choice, Options: ["Gold", "gold"]));

        Assert.Equal("“Gold” is listed more than once", result.Error);
    }

    [SkippableFact]
    public async Task AddFieldAsync_refuses_a_key_the_campaign_already_has_but_another_campaign_may_use_it()
    {
        await WithFieldAsync(spring, Budget);

        var again = await Service().AddFieldAsync(spring.Id, Budget with { Label = "Budget again" });
        var elsewhere = await Service().AddFieldAsync(autumn.Id, Budget);

        Assert.Equal("The campaign already has a field “budget”", again.Errors["Key"]);
        Assert.True(elsewhere.Succeeded);
        Assert.Equal("Budget", Assert.Single(await FieldsAsync(spring)).Label);
    }

    [SkippableFact]
    public async Task AddFieldAsync_a_required_field_is_refused_while_leads_have_no_value_for_it()
    {
        await AddLeadsAsync(spring, "other", null, null);

        var result = await Service().AddFieldAsync(spring.Id, Budget with { Required = true });

        Assert.Equal("2 leads have no value for Budget: fill them in first, or keep the field optional", result.Errors["Required"]);
        Assert.Empty(await FieldsAsync(spring));
    }

    [SkippableFact]
    public async Task AddFieldAsync_cannot_reach_another_organizations_campaign()
    {
        var result = await Service(otherOrg).AddFieldAsync(spring.Id, Budget);

        Assert.Equal(ChangeResult.NotFound("The campaign no longer exists."), result);
        Assert.Empty(await FieldsAsync(spring));
    }

    [SkippableFact]
    public async Task UpdateFieldAsync_a_type_change_is_refused_while_leads_hold_values_that_would_not_convert_saying_how_many()
    {
        await WithFieldAsync(spring, Budget);
        await AddLeadsAsync(spring, "budget", "twelve", "1200", "twelve", "lots", "12.5", null);
        await AddLeadsAsync(autumn, "budget", "not counted");

        var result = await Service().UpdateFieldAsync(spring.Id, Budget with { Type = CustomFieldType.Number });

        Assert.False(result.Succeeded);
        Assert.Equal("3 leads hold values that are not numbers (e.g. “lots”): fix or clear them first", result.Errors["Type"]);
        Assert.Equal(CustomFieldType.Text, Assert.Single(await FieldsAsync(spring)).Type);
        Assert.Equal(["twelve", "1200", "twelve", "lots", "12.5", null], await ValuesAsync(spring, "budget"));
    }

    [SkippableFact]
    public async Task UpdateFieldAsync_a_type_change_the_values_survive_rewrites_them_in_the_stored_form()
    {
        var vip = new CustomFieldDefinition("vip", "VIP", CustomFieldType.Text);
        await WithFieldAsync(spring, vip);
        await AddLeadsAsync(spring, "vip", "yes", " No ", "true", "Y", "", null);
        await AddLeadsAsync(autumn, "vip", "yes");

        var result = await Service().UpdateFieldAsync(spring.Id, vip with { Type = CustomFieldType.Boolean, Label = "Very important" });

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["true", "false", "true", "true", null, null], await ValuesAsync(spring, "vip"));
        Assert.Equal(["yes"], await ValuesAsync(autumn, "vip"));
        Assert.Equal(new CustomFieldDefinition("vip", "Very important", CustomFieldType.Boolean), Assert.Single(await FieldsAsync(spring)));
        Assert.Equal(["kept", "kept", "kept", "kept", "kept", null], await ValuesAsync(spring, "other"));
    }

    [SkippableFact]
    public async Task UpdateFieldAsync_making_a_field_required_is_refused_while_leads_lack_a_value()
    {
        await WithFieldAsync(spring, Budget);
        await AddLeadsAsync(spring, "budget", "10k", null, "  ");

        var result = await Service().UpdateFieldAsync(spring.Id, Budget with { Required = true });

        Assert.Equal("2 leads have no value for Budget: fill them in first, or keep the field optional", result.Errors["Required"]);
        Assert.False(Assert.Single(await FieldsAsync(spring)).Required);
    }

    [SkippableFact]
    public async Task UpdateFieldAsync_removing_an_option_still_in_use_is_refused_and_an_unused_one_is_removed()
    {
        var plan = new CustomFieldDefinition("plan", "Plan", CustomFieldType.Choice, Options: ["Gold", "Silver", "Bronze"]);
        await WithFieldAsync(spring, plan);
        await AddLeadsAsync(spring, "plan", "Gold", "Silver");

        var inUse = await Service().UpdateFieldAsync(spring.Id, plan with { Options = ["Gold", "Bronze"] });
        var unused = await Service().UpdateFieldAsync(spring.Id, plan with { Options = ["Gold", "Silver"] });

        Assert.Equal("1 lead holds a value that is not one of the options (e.g. “Silver”): fix or clear them first", inUse.Errors["Options"]);
        Assert.True(unused.Succeeded, unused.Error);
        Assert.Equal(["Gold", "Silver"], Assert.Single(await FieldsAsync(spring)).Options);
    }

    [SkippableFact]
    public async Task UpdateFieldAsync_the_key_names_the_field_and_cannot_change()
    {
        await WithFieldAsync(spring, Budget);

        var result = await Service().UpdateFieldAsync(spring.Id, Budget with { Key = "budget_eur" });

        Assert.Equal("The campaign has no field “budget_eur”: it may have been removed", result.Errors["Key"]);
        Assert.Equal("budget", Assert.Single(await FieldsAsync(spring)).Key);
    }

    [SkippableFact]
    public async Task RemoveFieldAsync_counts_and_removes_the_values_with_the_field()
    {
        await WithFieldAsync(spring, Budget);
        await AddLeadsAsync(spring, "budget", "10k", "", null);
        await AddLeadsAsync(autumn, "budget", "20k");

        var count = await Service().CountValuesAsync(spring.Id, "budget");
        var result = await Service().RemoveFieldAsync(spring.Id, "budget");

        Assert.Equal(2, count);
        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(await FieldsAsync(spring));
        Assert.Equal([null, null, null], await ValuesAsync(spring, "budget"));
        Assert.Equal(["kept", "kept", null], await ValuesAsync(spring, "other"));
        Assert.Equal(["20k"], await ValuesAsync(autumn, "budget"));
        Assert.Equal(0, await Service().CountValuesAsync(spring.Id, "budget"));
    }
}

public sealed class CampaignFieldServiceOnSqliteTests() : CampaignFieldServiceTests(DatabaseProvider.Sqlite);

public sealed class CampaignFieldServiceOnPostgresTests() : CampaignFieldServiceTests(DatabaseProvider.Postgres);
