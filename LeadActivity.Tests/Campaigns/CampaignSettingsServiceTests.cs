using LeadActivity.Domain;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Campaigns;

public abstract class CampaignSettingsServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase database = null!;
    private int org, otherOrg;
    private Campaign spring = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        otherOrg = await database.AddOrganizationAsync("globex");
        spring = await database.AddCampaignAsync(org, "Spring");
        await database.AddCampaignAsync(otherOrg, "Summer");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private CampaignSettingsService Service(int? organization = null) => new(database.Factory(organization ?? org), TimeProvider.System);

    private static CampaignSettings Valid(string name = "Autumn") =>
        CampaignSettings.NewDraft("GB", "Europe/London") with { Name = name, Channel = Channel.WhatsApp };

    [SkippableFact]
    public async Task CreateAsync_valid_settings_creates_a_draft_with_them()
    {
        var result = await Service().CreateAsync(Valid("  Autumn  "));

        Assert.True(result.Succeeded);
        Assert.Null(result.Error);
        await using var db = database.Context(org);
        var created = await db.Campaigns.SingleAsync(c => c.Id == result.Value);
        Assert.Equal(("Autumn", Channel.WhatsApp, CampaignStatus.Draft, "GB", "Europe/London"),
            (created.Name, created.Channel, created.Status, created.DefaultRegion, created.TimeZone));
        Assert.Equal(CallingHours.Weekdays9To18.Days, created.CallingHours.Days);
    }

    [SkippableFact]
    public async Task CreateAsync_a_name_taken_in_the_organization_is_refused_whatever_its_case()
    {
        var result = await Service().CreateAsync(Valid("spring"));

        Assert.False(result.Succeeded);
        Assert.Equal("Your organization already has a campaign called “spring”: pick another name", result.Errors["Name"]);
        await using var db = database.Context(org);
        Assert.Equal(1, await db.Campaigns.CountAsync());
    }

    [SkippableFact]
    public async Task CreateAsync_a_name_used_by_another_organization_is_free()
    {
        var result = await Service().CreateAsync(Valid("Summer"));

        Assert.True(result.Succeeded);
    }

    [SkippableTheory]
    [InlineData("Name", "", "Give the campaign a name")]
    [InlineData("Name", "long", "The name can have at most 200 characters")]
    [InlineData("DefaultRegion", "XX", "“XX” is not a region phone numbers can be read for")]
    [InlineData("DefaultRegion", "gb", "“gb” is not a region")]
    [InlineData("TimeZone", "Mars/Olympus_Mons", "“Mars/Olympus_Mons” is not a known time zone")]
    [InlineData("TimeZone", "Pacific Standard Time", "is not a known time zone: use an IANA name")]
    [InlineData("CallingHours.Days", "", "Pick at least one day to call on")]
    [InlineData("CallingHours.End", "", "Calling hours must end after they start")]
    [InlineData("Status", "", "A new campaign starts as a draft")]
    public async Task CreateAsync_refuses_an_invalid_setting_with_a_message_for_its_input(string input, string value, string message)
    {
        var settings = input switch
        {
            "Name" => Valid(value == "long" ? new string('x', 201) : value),
            "DefaultRegion" => Valid() with { DefaultRegion = value },
            "TimeZone" => Valid() with { TimeZone = value },
            "CallingHours.Days" => Valid() with { CallingHours = new CallingHours([], new(9, 0), new(17, 0)) },
            "CallingHours.End" => Valid() with { CallingHours = new CallingHours([DayOfWeek.Monday], new(17, 0), new(17, 0)) },
            _ => Valid() with { Status = CampaignStatus.Active },
        };

        var result = await Service().CreateAsync(settings);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Errors[input]);
        Assert.Single(result.Errors);
        await using var db = database.Context(org);
        Assert.Equal(1, await db.Campaigns.CountAsync());
    }

    [SkippableFact]
    public async Task UpdateAsync_saves_the_settings_and_keeps_its_own_name()
    {
        var settings = CampaignSettings.Of(spring) with
        {
            Channel = Channel.WhatsApp, Status = CampaignStatus.Paused, DefaultRegion = "DE", TimeZone = "Europe/Berlin",
            CallingHours = new CallingHours([DayOfWeek.Saturday, DayOfWeek.Monday], new(10, 0), new(12, 30)),
        };

        var result = await Service().UpdateAsync(spring.Id, settings);

        Assert.True(result.Succeeded, result.Error);
        await using var db = database.Context(org);
        var saved = await db.Campaigns.SingleAsync(c => c.Id == spring.Id);
        Assert.Equal((Channel.WhatsApp, CampaignStatus.Paused, "DE", "Europe/Berlin"), (saved.Channel, saved.Status, saved.DefaultRegion, saved.TimeZone));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Saturday], saved.CallingHours.Days);
        Assert.Equal((new TimeOnly(10, 0), new TimeOnly(12, 30)), (saved.CallingHours.Start, saved.CallingHours.End));
    }

    [SkippableFact]
    public async Task UpdateAsync_refuses_a_status_step_the_campaign_life_does_not_allow()
    {
        var result = await Service().UpdateAsync(spring.Id, CampaignSettings.Of(spring) with { Status = CampaignStatus.Draft, Name = "Renamed" });

        Assert.False(result.Succeeded);
        Assert.Equal("The campaign is active: it can only become paused or completed", result.Errors["Status"]);
        await using var db = database.Context(org);
        Assert.Equal("Spring", (await db.Campaigns.SingleAsync(c => c.Id == spring.Id)).Name);
    }

    [SkippableFact]
    public async Task UpdateAsync_cannot_reach_another_organizations_campaign()
    {
        var result = await Service(otherOrg).UpdateAsync(spring.Id, CampaignSettings.Of(spring) with { Name = "Stolen" });

        Assert.False(result.Succeeded);
        Assert.Equal(ChangeResult.NotFound("The campaign no longer exists."), result);
    }

    [SkippableFact]
    public async Task SaveFollowUpRulesAsync_saves_valid_rules_in_outcome_order()
    {
        FollowUpRule[] rules =
        [
            new(CallOutcome.Busy, TimeSpan.FromMinutes(15), 10, Channel.Phone),
            new(CallOutcome.NoAnswer, TimeSpan.FromDays(30), 1, Channel.WhatsApp),
        ];

        var result = await Service().SaveFollowUpRulesAsync(spring.Id, rules);

        Assert.True(result.Succeeded, result.Error);
        await using var db = database.Context(org);
        Assert.Equal([rules[1], rules[0]], (await db.Campaigns.SingleAsync(c => c.Id == spring.Id)).FollowUpRules);
    }

    [SkippableTheory]
    [InlineData(CallOutcome.NoAnswer, 0, 3, "NoAnswer.Delay", "After no answer: wait at least a minute before retrying")]
    [InlineData(CallOutcome.Voicemail, 30 * 24 * 60 + 1, 3, "Voicemail.Delay", "After voicemail: retry within 30 days")]
    [InlineData(CallOutcome.Hangup, 60, 0, "Hangup.MaxAttempts", "After a hang-up: allow 1 to 10 attempts")]
    [InlineData(CallOutcome.Busy, 60, 11, "Busy.MaxAttempts", "After a busy line: allow 1 to 10 attempts")]
    [InlineData(CallOutcome.Answered, 60, 3, "Answered.Outcome", "After an answered call there is nothing to retry")]
    public async Task SaveFollowUpRulesAsync_refuses_an_invalid_rule_and_keeps_the_old_ones(CallOutcome outcome, int minutes, int attempts, string input, string message)
    {
        var result = await Service().SaveFollowUpRulesAsync(spring.Id, [new(outcome, TimeSpan.FromMinutes(minutes), attempts, Channel.Phone)]);

        Assert.False(result.Succeeded);
        Assert.Equal(message, result.Errors[input]);
        await using var db = database.Context(org);
        Assert.Empty((await db.Campaigns.SingleAsync(c => c.Id == spring.Id)).FollowUpRules);
    }

    [SkippableFact]
    public async Task SaveFollowUpRulesAsync_refuses_two_rules_for_one_outcome()
    {
        var result = await Service().SaveFollowUpRulesAsync(spring.Id,
            [new(CallOutcome.Failed, TimeSpan.FromHours(1), 2, Channel.Phone), new(CallOutcome.Failed, TimeSpan.FromHours(2), 2, Channel.Phone)]);

        Assert.Equal("After a failed call: give one rule, not 2", result.Errors["Failed.Outcome"]);
    }
}

public sealed class CampaignSettingsServiceOnSqliteTests() : CampaignSettingsServiceTests(DatabaseProvider.Sqlite);

public sealed class CampaignSettingsServiceOnPostgresTests() : CampaignSettingsServiceTests(DatabaseProvider.Postgres);
