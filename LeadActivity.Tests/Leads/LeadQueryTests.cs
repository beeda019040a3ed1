using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Leads;

public abstract class LeadQueryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase database = null!;
    private int acme, globex;
    private Campaign spring = null!, london = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        acme = await database.AddOrganizationAsync("acme");
        globex = await database.AddOrganizationAsync("globex");
        spring = await database.AddCampaignAsync(acme, "Spring");
        london = await database.AddCampaignAsync(acme, "London", region: "GB");
        var globexCampaign = await database.AddCampaignAsync(globex, "Globex spring");

        await AddLeadsAsync(acme,
            Lead(spring, "Jörg Müller", "+14155550132", LeadStatus.Callback, email: "joerg@example.com", company: "Acme Ltd"),
            Lead(spring, "José Núñez", "+14155550199", LeadStatus.Qualified, email: "jose.nunez@globex.example", company: "Globex"),
            Lead(spring, "Ana Smith", "+12125550147", LeadStatus.Callback, company: "Initech"),
            Lead(london, "Oliver Hughes", "+442079460958", LeadStatus.New, company: "Acme Ltd"),
            Lead(london, "Mia Müllerová", "+447700900123", LeadStatus.Callback, company: "Hooli"));
        await AddLeadsAsync(globex,
            Lead(globexCampaign, "Jörg Müller", "+14155550132", LeadStatus.Callback, company: "Acme Ltd"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private LeadQuery Query(int organizationId) => new(database.Database, new FixedOrganizationScope(organizationId));

    private async Task<string[]> SearchAsync(string text, int? organizationId = null) =>
        (await Query(organizationId ?? acme).PageAsync(new LeadFilter { Search = text, SortBy = LeadSortField.Name, Descending = false }))
        .Rows.Select(r => r.Name).ToArray();

    [SkippableTheory]
    [InlineData("mull", "Jörg Müller|Mia Müllerová")]
    [InlineData("MÜLL", "Jörg Müller|Mia Müllerová")]
    [InlineData("jörg", "Jörg Müller")]
    [InlineData("Jorg Mul", "Jörg Müller")]
    [InlineData("NUÑ", "José Núñez")]
    public async Task Names_match_by_word_prefix_ignoring_case_and_accents(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), await SearchAsync(text));
    }

    [SkippableFact]
    public async Task A_name_prefix_finds_every_lead_with_a_word_starting_so_and_no_other()
    {
        Assert.Equal(["Jörg Müller", "Mia Müllerová"], await SearchAsync("mull"));
        Assert.Equal(["José Núñez"], await SearchAsync("nunez"));
        Assert.Empty(await SearchAsync("uller")); // prefix, not substring
    }

    [SkippableTheory]
    [InlineData("+1 415-555-0132")]
    [InlineData("(415) 555 0132")]
    [InlineData("4155550132")]
    [InlineData("+14155550132")]
    [InlineData("001 415 555 0132")]
    [InlineData("50132")]
    public async Task A_phone_number_is_found_in_any_format_a_person_types(string text)
    {
        Assert.Equal(["Jörg Müller"], await SearchAsync(text));
    }

    [SkippableFact]
    public async Task The_last_four_digits_find_every_number_ending_so()
    {
        Assert.Equal(["Jörg Müller"], await SearchAsync("0132"));
        Assert.Equal(["Ana Smith"], await SearchAsync("0147"));
    }

    [SkippableFact]
    public async Task A_national_number_with_its_trunk_prefix_is_read_in_the_campaigns_regions()
    {
        Assert.Equal(["Oliver Hughes"], await SearchAsync("020 7946 0958"));
        Assert.Equal(["Oliver Hughes"], await SearchAsync("+44 20 7946 0958"));
    }

    [SkippableFact]
    public async Task Email_and_custom_field_values_are_searched()
    {
        Assert.Equal(["José Núñez"], await SearchAsync("jose.nunez@globex"));
        Assert.Equal(["Jörg Müller", "Oliver Hughes"], await SearchAsync("acme"));
        Assert.Equal(["Jörg Müller", "Oliver Hughes"], await SearchAsync("Acme Ltd"));
        Assert.Equal(["Ana Smith"], await SearchAsync("initech"));
    }

    [SkippableFact]
    public async Task A_lone_number_also_finds_a_custom_field_value_but_a_formatted_number_only_phones()
    {
        await AddLeadsAsync(acme, Lead(spring, "Order holder", "+14155550100", LeadStatus.New, company: "8812345"));

        Assert.Equal(["Order holder"], await SearchAsync("881234"));
        Assert.Empty(await SearchAsync("881 2345"));
    }

    [SkippableFact]
    public async Task Leads_of_another_organization_never_match()
    {
        Assert.Equal(["Jörg Müller"], await SearchAsync("+14155550132", globex));
        var acmeMatches = await Query(acme).PageAsync(new LeadFilter { Search = "+14155550132" });
        Assert.All(acmeMatches.Rows, r => Assert.Equal(spring.Id, r.CampaignId));
        Assert.Equal(5, (await Query(acme).PageAsync(LeadFilter.Default)).Total);
        Assert.Equal(0, (await Query(acme).PageAsync(new LeadFilter { CampaignId = spring.Id + 2 })).Total);
    }

    [SkippableFact]
    public async Task Text_that_matches_nothing_or_only_punctuation_behaves()
    {
        Assert.Empty(await SearchAsync("zzqxv"));
        Assert.Equal(5, (await SearchAsync("\"*()")).Length); // nothing to search for: the unfiltered view
        Assert.Empty(await SearchAsync("NEAR(\"a\" OR"));
    }

    [SkippableFact]
    public async Task Status_and_campaign_filters_combine_and_chip_counts_ignore_only_the_status_filter()
    {
        var query = Query(acme);
        var filter = new LeadFilter { Statuses = [LeadStatus.Callback], CampaignId = spring.Id };

        var page = await query.PageAsync(filter);
        var counts = await query.StatusCountsAsync(filter);

        Assert.Equal(["Ana Smith", "Jörg Müller"], page.Rows.Select(r => r.Name).Order());
        Assert.Equal(2, counts[LeadStatus.Callback]);
        Assert.Equal(1, counts[LeadStatus.Qualified]);
        Assert.Equal(0, counts[LeadStatus.New]); // Oliver is New, but in London
        Assert.Equal(3, (await query.StatusCountsAsync(LeadFilter.Default))[LeadStatus.Callback]);
    }

    [SkippableFact]
    public async Task Pages_are_sorted_with_ties_broken_and_a_page_past_the_end_shows_the_last()
    {
        var query = Query(acme);

        var byName = await query.PageAsync(new LeadFilter { SortBy = LeadSortField.Name, Descending = false, PageSize = 25 });
        Assert.Equal(["Ana Smith", "Jörg Müller", "José Núñez", "Mia Müllerová", "Oliver Hughes"], byName.Rows.Select(r => r.Name));

        var past = await query.PageAsync(new LeadFilter { Page = 40 });
        Assert.Equal(1, past.Page);
        Assert.Equal(5, past.Rows.Count);
    }

    [SkippableFact]
    public async Task Names_sort_as_people_read_them_with_accents_and_case_folded_both_ways()
    {
        var initech = await database.AddOrganizationAsync("initech");
        var campaign = await database.AddCampaignAsync(initech, "Names");
        var phone = 0;
        await AddLeadsAsync(initech, new[] { "Zoë", "Álvaro", "Íñigo", "emma Visser", "Emma de Jong", "Émile" }
            .Select(name => Lead(campaign, name, $"+1415555{++phone:0000}", LeadStatus.New)).ToArray());
        var query = Query(initech);

        var ascending = await query.PageAsync(new LeadFilter { SortBy = LeadSortField.Name, Descending = false });
        var descending = await query.PageAsync(new LeadFilter { SortBy = LeadSortField.Name, Descending = true });

        string[] reading = ["Álvaro", "Émile", "Emma de Jong", "emma Visser", "Íñigo", "Zoë"];
        Assert.Equal(reading, ascending.Rows.Select(r => r.Name));
        Assert.Equal(reading.Reverse(), descending.Rows.Select(r => r.Name));
    }

    [SkippableFact]
    public async Task Names_that_fold_alike_sort_plain_before_accented_and_pages_split_them_in_order()
    {
        var initech = await database.AddOrganizationAsync("initech");
        var campaign = await database.AddCampaignAsync(initech, "Names");
        await AddLeadsAsync(initech,
            Lead(campaign, "Émile Roy", "+14155550001", LeadStatus.New),
            Lead(campaign, "Emile Roy", "+14155550002", LeadStatus.New),
            Lead(campaign, "Straße Co", "+14155550003", LeadStatus.New),
            Lead(campaign, "Strasse Co", "+14155550004", LeadStatus.New));
        var query = Query(initech);

        var first = await query.PageAsync(new LeadFilter { SortBy = LeadSortField.Name, Descending = false, PageSize = 1000 });
        Assert.Equal(["Emile Roy", "Émile Roy", "Strasse Co", "Straße Co"], first.Rows.Select(r => r.Name));
        var pages = new List<string>();
        for (var page = 1; page <= 4; page++)
            pages.AddRange((await query.PageAsync(new LeadFilter { SortBy = LeadSortField.Name, Descending = true, PageSize = 1, Page = page })).Rows.Select(r => r.Name));
        Assert.Equal(["Straße Co", "Strasse Co", "Émile Roy", "Emile Roy"], pages);
    }

    [SkippableFact]
    public async Task Leads_never_active_come_last_newest_first_and_first_oldest_first()
    {
        var morning = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        await using (var db = database.Context(acme))
        {
            (await db.Leads.SingleAsync(l => l.Name == "Ana Smith")).LastActivityAt = morning;
            (await db.Leads.SingleAsync(l => l.Name == "Oliver Hughes")).LastActivityAt = morning.AddHours(1);
            await db.SaveChangesAsync();
        }
        var query = Query(acme);

        var newestFirst = await query.PageAsync(new LeadFilter { SortBy = LeadSortField.LastActivity, Descending = true });
        var oldestFirst = await query.PageAsync(new LeadFilter { SortBy = LeadSortField.LastActivity, Descending = false });
        var byStatus = await query.PageAsync(new LeadFilter { SortBy = LeadSortField.Status, Descending = false });

        Assert.Equal(["Oliver Hughes", "Ana Smith"], newestFirst.Rows.Take(2).Select(r => r.Name));
        Assert.Equal(["Ana Smith", "Oliver Hughes"], oldestFirst.Rows.TakeLast(2).Select(r => r.Name));
        Assert.Equal("Ana Smith", byStatus.Rows.First(r => r.Status == LeadStatus.Callback).Name); // latest activity first within a status
    }

    [SkippableFact]
    public async Task The_index_follows_renames_and_deletes_in_the_same_transaction()
    {
        await using (var db = database.Context(acme))
        {
            var ana = await db.Leads.SingleAsync(l => l.Name == "Ana Smith");
            ana.Name = "Anabel Smythe";
            ana.Phone = "+12125550188";
            db.Leads.Remove(await db.Leads.SingleAsync(l => l.Name == "Oliver Hughes"));
            await db.SaveChangesAsync();
        }

        Assert.Equal(["Anabel Smythe"], await SearchAsync("smythe"));
        Assert.Equal(["Anabel Smythe"], await SearchAsync("0188"));
        Assert.Empty(await SearchAsync("0147"));
        Assert.Empty(await SearchAsync("oliver"));
    }

    [SkippableFact]
    public async Task The_export_streams_every_lead_of_the_view_with_its_custom_fields_and_neutralises_formulas()
    {
        await AddLeadsAsync(acme, Lead(spring, "=HYPERLINK(\"http://evil\")", "+14155550100", LeadStatus.New, company: "@SUM(A1)"));
        using var output = new MemoryStream();

        await LeadCsvExport.WriteAsync(output, Query(acme).ExportAsync(new LeadFilter { CampaignId = spring.Id, SortBy = LeadSortField.Name, Descending = false }), ["company"]);

        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,phone,whatsapp,email,campaign,status,last_activity_at,next_follow_up_at,created_at,company", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",+14155550100,", lines[1]);
        Assert.EndsWith(",'@SUM(A1)", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("Jörg Müller,+14155550132,,joerg@example.com,Spring,callback,") && l.EndsWith(",Acme Ltd"));
    }

    [SkippableFact]
    public async Task Accents_fold_in_words_that_mix_letters_and_digits_too()
    {
        await AddLeadsAsync(acme, Lead(spring, "Café24 Owner", "+14155550111", LeadStatus.New, company: "Zürich2 Holdings"));

        Assert.Equal(["Café24 Owner"], await SearchAsync("cafe24"));
        Assert.Equal(["Café24 Owner"], await SearchAsync("zurich2"));
    }

    private static Lead Lead(Campaign campaign, string name, string phone, LeadStatus status, string? email = null, string? company = null) => new()
    {
        CampaignId = campaign.Id,
        Name = name,
        Phone = phone,
        Email = email,
        Status = status,
        Fields = company is null ? [] : new Dictionary<string, string> { ["company"] = company },
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };

    private async Task AddLeadsAsync(int organizationId, params Lead[] leads)
    {
        await using var db = database.Context(organizationId);
        db.Leads.AddRange(leads);
        await db.SaveChangesAsync();
    }
}

public sealed class LeadQueryOnSqliteTests() : LeadQueryTests(DatabaseProvider.Sqlite);

public sealed class LeadQueryOnPostgresTests() : LeadQueryTests(DatabaseProvider.Postgres);
