using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Persistence;

public abstract class OrganizationScopeTests(DatabaseProvider provider)
{
    [SkippableFact]
    public async Task Queries_see_only_the_current_organizations_rows()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acme = await database.AddOrganizationAsync("acme");
        var globex = await database.AddOrganizationAsync("globex");
        var acmeCampaign = await database.AddCampaignAsync(acme, "Acme spring");
        var globexCampaign = await database.AddCampaignAsync(globex, "Globex spring");
        await using (var db = database.Context(acme))
        {
            db.Leads.Add(ModelConstraintTests.NewLead(acmeCampaign.Id, "Acme lead", "+14155550101"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.Context(globex))
        {
            db.Leads.Add(ModelConstraintTests.NewLead(globexCampaign.Id, "Globex lead", "+14155550102"));
            await db.SaveChangesAsync();
        }

        await using var acmeDb = database.Context(acme);
        Assert.Equal(["Acme lead"], await acmeDb.Leads.Select(l => l.Name).ToListAsync());
        Assert.Equal(["Acme spring"], await acmeDb.Campaigns.Select(c => c.Name).ToListAsync());
        Assert.Equal(["acme"], await acmeDb.Organizations.Select(o => o.Slug).ToListAsync());
        Assert.Null(await acmeDb.Campaigns.FindAsync(globexCampaign.Id));
        Assert.Empty(await acmeDb.Leads.Where(l => l.CampaignId == globexCampaign.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task New_rows_are_stamped_with_the_current_organization()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acme = await database.AddOrganizationAsync("acme");
        var campaign = await database.AddCampaignAsync(acme);

        Assert.Equal(acme, campaign.OrganizationId);
    }

    [SkippableFact]
    public async Task Writing_a_row_of_another_organization_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acme = await database.AddOrganizationAsync("acme");
        var globex = await database.AddOrganizationAsync("globex");
        var globexCampaign = await database.AddCampaignAsync(globex);
        await using var db = database.Context(acme);

        var lead = ModelConstraintTests.NewLead(globexCampaign.Id, "Intruder", "+14155550103");
        lead.OrganizationId = globex;
        db.Leads.Add(lead);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [SkippableFact]
    public async Task Without_an_organization_nothing_is_visible()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acme = await database.AddOrganizationAsync("acme");
        await database.AddCampaignAsync(acme);

        await using var db = database.Context(0);
        Assert.Empty(await db.Campaigns.ToListAsync());
    }

    [SkippableFact]
    public async Task Domain_services_inherit_the_scope()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acme = await database.AddOrganizationAsync("acme");
        var globex = await database.AddOrganizationAsync("globex");
        await database.AddCampaignAsync(acme, "Acme spring");
        await database.AddCampaignAsync(globex, "Globex spring");

        var campaigns = await new Domain.Campaigns.CampaignDirectory(database.Factory(globex)).ListAsync();
        var feed = await new ActivityFeed(database.Factory(globex)).RecentAsync(10);

        Assert.Equal(["Globex spring"], campaigns.Select(c => c.Name));
        Assert.Empty(feed);
    }
}

public sealed class OrganizationScopeOnSqliteTests() : OrganizationScopeTests(DatabaseProvider.Sqlite);

public sealed class OrganizationScopeOnPostgresTests() : OrganizationScopeTests(DatabaseProvider.Postgres);
