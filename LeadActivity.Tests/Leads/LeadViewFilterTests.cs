using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Leads;

/// <summary>The Leads page's richer filters and sorts, on a real database of each kind.</summary>
public abstract class LeadViewFilterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private TestDatabase database = null!;
    private int acme, globex;
    private Campaign spring = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        acme = await database.AddOrganizationAsync("acme");
        globex = await database.AddOrganizationAsync("globex");
        spring = await database.AddCampaignAsync(acme, "Spring");
        await using (var db = database.Context(acme))
        {
            var campaign = await db.Campaigns.SingleAsync(c => c.Id == spring.Id);
            campaign.Fields =
            [
                new("company", "Company", CustomFieldType.Text),
                new("employees", "Employees", CustomFieldType.Number),
                new("renewal", "Renewal", CustomFieldType.Date),
                new("plan", "Plan", CustomFieldType.Choice, Options: ["Free", "Pro", "Enterprise"]),
            ];
            db.Leads.AddRange(
                Lead("Ana Smith", "+12125550147", LeadStatus.Callback, created: Now.AddDays(-30), lastActivity: Now.AddDays(-2),
                    fields: new() { ["company"] = "Acme Ltd", ["employees"] = "12", ["renewal"] = "2026-12-01", ["plan"] = "Pro" }),
                Lead("Oliver Hughes", "+442079460958", LeadStatus.New, created: Now.AddDays(-10), lastActivity: null,
                    fields: new() { ["company"] = "Hughes & Sons", ["employees"] = "250", ["renewal"] = "2027-03-15", ["plan"] = "Enterprise" }),
                Lead("Mia Novak", "+420601123456", LeadStatus.Qualified, created: Now.AddDays(-3), lastActivity: Now.AddHours(-5),
                    fields: new() { ["company"] = "acme 50%_off", ["employees"] = "9", ["plan"] = "Free" }, nextFollowUp: Now.AddHours(-1)),
                Lead("Lucas Silva", "+5511912345678", LeadStatus.Callback, created: Now.AddDays(-1), lastActivity: Now.AddDays(-40),
                    fields: new() { ["employees"] = "1200" }, nextFollowUp: Now.AddDays(3)));
            await db.SaveChangesAsync();
        }
        await using (var other = database.Context(globex))
        {
            var campaign = await database.AddCampaignAsync(globex, "Globex");
            other.Leads.Add(new Lead
            {
                CampaignId = campaign.Id, Name = "Globex Acme", Phone = "+12125550100", Status = LeadStatus.Callback, CreatedAt = Now, UpdatedAt = Now,
                Fields = new() { ["company"] = "Acme Ltd", ["employees"] = "12" },
            });
            await other.SaveChangesAsync();
        }
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private Lead Lead(string name, string phone, LeadStatus status, DateTime created, DateTime? lastActivity, Dictionary<string, string> fields, DateTime? nextFollowUp = null) => new()
    {
        CampaignId = spring.Id, Name = name, Phone = phone, Status = status, CreatedAt = created, UpdatedAt = created,
        LastActivityAt = lastActivity, NextFollowUpAt = nextFollowUp, Fields = fields,
    };

    private LeadQuery Query(int? organizationId = null) => new(database.Database, new FixedOrganizationScope(organizationId ?? acme), clock);

    private async Task<string[]> NamesAsync(LeadFilter filter, int? organizationId = null) =>
        [.. (await Query(organizationId).PageAsync(filter with { SortBy = filter.SortBy == LeadSortField.LastActivity ? LeadSortField.Name : filter.SortBy, Descending = filter.SortBy == LeadSortField.LastActivity ? false : filter.Descending }))
            .Rows.Select(r => r.Name)];

    private static LeadFilter Url(string query) => LeadFilter.FromQuery(
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString())));

    [SkippableFact]
    public async Task Custom_field_text_contains_and_equals_fold_case_and_take_wildcards_literally()
    {
        Assert.Equal(["Ana Smith", "Mia Novak"], await NamesAsync(Url("f.company=has:ACME")));
        Assert.Equal(["Ana Smith"], await NamesAsync(Url("f.company=is:acme ltd")));
        Assert.Equal(["Mia Novak"], await NamesAsync(Url("f.company=has:50%_")));
        Assert.Empty(await NamesAsync(Url("f.company=has:' OR 1=1 --")));
    }

    [SkippableFact]
    public async Task Custom_field_number_and_date_ranges_and_choices_compare_by_type()
    {
        Assert.Equal(["Ana Smith", "Oliver Hughes"], await NamesAsync(Url("f.employees=num:10..300")));
        Assert.Equal(["Lucas Silva", "Oliver Hughes"], await NamesAsync(Url("f.employees=num:100..")));
        Assert.Equal(["Ana Smith", "Mia Novak"], await NamesAsync(Url("f.employees=num:..99.5")));
        Assert.Equal(["Ana Smith"], await NamesAsync(Url("f.renewal=date:2026-11-01..2026-12-31")));
        Assert.Equal(["Mia Novak", "Oliver Hughes"], await NamesAsync(Url("f.plan=in:Free|Enterprise")));
        Assert.Equal(["Ana Smith"], await NamesAsync(Url("f.plan=in:Pro&f.employees=num:1..100")));
    }

    [SkippableFact]
    public async Task Last_activity_and_created_days_never_contacted_and_follow_ups_due()
    {
        Assert.Equal(["Ana Smith", "Mia Novak"], await NamesAsync(Url("active=2026-11-20..2026-11-25")));
        Assert.Equal(["Lucas Silva", "Mia Novak"], await NamesAsync(Url("created=2026-11-20..")));
        Assert.Equal(["Oliver Hughes"], await NamesAsync(Url("never=1")));
        Assert.Equal(["Mia Novak"], await NamesAsync(Url("due=overdue")));
        Assert.Equal(["Lucas Silva", "Mia Novak"], await NamesAsync(Url("due=7d")));
        Assert.Equal(["Ana Smith", "Oliver Hughes"], await NamesAsync(Url("due=none")));
    }

    [SkippableFact]
    public async Task Country_comes_from_the_phone_number_through_libphonenumber()
    {
        Assert.Equal(["Ana Smith"], await NamesAsync(Url("country=US")));
        Assert.Equal(["Lucas Silva", "Oliver Hughes"], await NamesAsync(Url("country=gb,BR")));
        var countries = await Query().CountriesAsync();
        Assert.Equal(["BR", "CZ", "GB", "US"], countries.Select(c => c.Country).Order());
    }

    [SkippableFact]
    public async Task The_last_call_s_outcome_is_kept_as_calls_are_recorded()
    {
        var recorder = new ActivityRecorder(database.Database, new FixedOrganizationScope(acme), new ActivityStream(), clock);
        await recorder.RecordAsync([Call("+12125550147", "no_answer", Now.AddMinutes(-30)), Call("+442079460958", "answered", Now.AddMinutes(-20))]);
        await recorder.RecordAsync([Call("+12125550147", "voicemail", Now.AddMinutes(-10))]);

        Assert.Equal(["Ana Smith"], await NamesAsync(Url("outcome=voicemail")));
        Assert.Equal(["Oliver Hughes"], await NamesAsync(Url("outcome=answered")));
        Assert.Empty(await NamesAsync(Url("outcome=noanswer")));
    }

    private ActivityInput Call(string phone, string outcome, DateTime at) => new()
    {
        ExternalId = Guid.NewGuid().ToString("N"), Type = "call", CampaignId = spring.Id, LeadPhone = phone, OccurredAt = at, Outcome = outcome,
    };

    [SkippableFact]
    public async Task Filters_combine_with_status_campaign_and_search_and_the_counts_follow()
    {
        var filter = Url($"f.company=has:acme&campaign={spring.Id}&q=ana");
        Assert.Equal(["Ana Smith"], await NamesAsync(filter));
        var counts = await Query().StatusCountsAsync(Url("f.employees=num:..100"));
        Assert.Equal((1, 1, 0), (counts[LeadStatus.Callback], counts[LeadStatus.Qualified], counts[LeadStatus.New]));
        Assert.Equal(["Ana Smith"], await NamesAsync(Url("status=callback&f.employees=num:..100")));
        // Another organization's lead with the same values never shows.
        Assert.Equal(["Globex Acme"], await NamesAsync(Url("f.company=has:acme"), globex));
    }

    [SkippableFact]
    public async Task Any_column_sorts_including_custom_fields_numbers_as_numbers_and_empty_cells_last()
    {
        Assert.Equal(["Mia Novak", "Ana Smith", "Oliver Hughes", "Lucas Silva"], await NamesAsync(Url("sort=n.employees-asc")));
        Assert.Equal(["Ana Smith", "Lucas Silva", "Oliver Hughes", "Mia Novak"], await NamesAsync(Url("sort=f.employees-asc"))); // as text
        Assert.Equal(["Mia Novak", "Lucas Silva", "Ana Smith", "Oliver Hughes"], await NamesAsync(Url("sort=nextFollowUp-asc")));
        Assert.Equal(["Oliver Hughes", "Ana Smith", "Lucas Silva", "Mia Novak"], await NamesAsync(Url("sort=f.renewal-desc")));
        Assert.Equal(["Ana Smith", "Mia Novak", "Oliver Hughes", "Lucas Silva"], await NamesAsync(Url("sort=phone-asc")));
    }

    [SkippableFact]
    public async Task Many_leads_in_a_created_range_page_in_last_activity_order_with_the_right_total()
    {
        await using (var db = database.Context(acme))
        {
            // 2,100 leads over two days (more than the page walks the sort's index for), active one minute apart.
            db.Leads.AddRange(Enumerable.Range(0, 2_100).Select(i => new Lead
            {
                CampaignId = spring.Id, Name = $"Bulk {i:0000}", Phone = $"+1415{5550000 + i}", Status = LeadStatus.Contacted,
                CreatedAt = new DateTime(2026, 9, 1 + i % 2, 10, 0, 0, DateTimeKind.Utc), UpdatedAt = Now,
                LastActivityAt = Now.AddMinutes(-i), NextFollowUpAt = i % 3 == 0 ? Now.AddHours(i % 48) : null,
            }));
            await db.SaveChangesAsync();
        }

        var created = await Query().PageAsync(Url("created=2026-09-02..2026-09-02"));
        Assert.Equal(1_050, created.Total);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"Bulk {2 * i + 1:0000}"), created.Rows.Select(r => r.Name));

        var due = await Query().PageAsync(Url("due=7d&created=2026-09-01..2026-09-02"));
        Assert.Equal(700, due.Total);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"Bulk {3 * i:0000}"), due.Rows.Select(r => r.Name));
    }

    [SkippableFact]
    public async Task Saved_views_are_their_owner_s_or_shared_and_never_another_organization_s()
    {
        var ana = Views(acme, "u-ana", "Ana");
        var ben = Views(acme, "u-ben", "Ben");
        var harbor = Views(globex, "u-gil", "Gil");

        var mine = await ana.SaveAsync("My callbacks", Url("status=callback&f.employees=num:..100&cols=name,status,f.employees"), shared: false);
        var team = await ana.SaveAsync("Hot", Url("status=qualified"), shared: true);
        Assert.True(mine.Succeeded && team.Succeeded);
        Assert.Equal("status=callback&f.employees=num%3A..100&cols=name%2Cstatus%2Cf.employees", mine.View!.Query);

        Assert.Equal(["Hot", "My callbacks"], (await ana.ListAsync()).Select(v => v.Name));
        Assert.Equal(["Hot"], (await ben.ListAsync()).Select(v => v.Name));
        Assert.Null(await ben.FindAsync(mine.View.Id));
        Assert.False(await ben.DeleteAsync(team.View!.Id));
        Assert.False(await ben.ShareAsync(mine.View.Id, true));
        Assert.Empty(await harbor.ListAsync());
        Assert.Null(await harbor.FindAsync(team.View.Id));
        Assert.False(await harbor.DeleteAsync(team.View.Id));

        Assert.True(await ana.ShareAsync(mine.View.Id, true));
        Assert.Equal(["Hot", "My callbacks"], (await ben.ListAsync()).Select(v => v.Name));
        Assert.Equal("Give the view a name.", (await ana.SaveAsync("  ", LeadFilter.Default, false)).Error);
        Assert.True(await ana.DeleteAsync(mine.View.Id));
        Assert.Equal(["Hot"], (await ben.ListAsync()).Select(v => v.Name));
    }

    private SavedLeadViews Views(int organizationId, string userId, string name) =>
        new(database.Factory(organizationId), new FixedUser(userId, name), clock);
}

public sealed class LeadViewFilterOnSqliteTests() : LeadViewFilterTests(DatabaseProvider.Sqlite);

public sealed class LeadViewFilterOnPostgresTests() : LeadViewFilterTests(DatabaseProvider.Postgres);
