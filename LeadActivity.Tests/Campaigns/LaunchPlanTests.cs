using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Campaigns;

public abstract class LaunchPlanTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase database = null!;
    private int org;
    private Campaign campaign = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        campaign = await database.AddCampaignAsync(org);
        await AddLeadsAsync("+12125550140", "+12125550141", "+13105550142"); // New York and Los Angeles
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [SkippableFact]
    public async Task On_a_Saturday_the_plan_names_the_leads_the_channel_and_Monday_09_00_in_the_leads_local_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero)); // Saturday 10:00 in New York

        var plan = await new CampaignService(database.Factory(org), clock).LaunchPlanAsync(campaign.Id);

        Assert.NotNull(plan);
        Assert.Equal((3, Channel.Phone, false), (plan.Leads, plan.Channel, plan.StartsNow));
        Assert.Equal(new DateTime(2026, 11, 30, 9, 0, 0), plan.FirstOpening);
        Assert.Equal(DayOfWeek.Monday, plan.FirstOpening.DayOfWeek);
        Assert.Equal(new DateOnly(2026, 11, 28), plan.Today);
    }

    [SkippableFact]
    public async Task The_plan_starts_now_when_the_window_is_open_for_some_leads()
    {
        await AddLeadsAsync("+81312345678"); // Tokyo
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero)); // Friday 12:00 in Tokyo, 22:00 Thursday in New York

        var plan = await new CampaignService(database.Factory(org), clock).LaunchPlanAsync(campaign.Id);

        Assert.NotNull(plan);
        Assert.Equal((4, true), (plan.Leads, plan.StartsNow));
    }

    [SkippableFact]
    public async Task Only_new_leads_are_counted()
    {
        await AddLeadsAsync("+12125550149");
        await using (var db = database.Context(org))
        {
            var lead = db.Leads.Single(l => l.Phone == "+12125550149");
            lead.Status = LeadStatus.Qualified;
            await db.SaveChangesAsync();
        }

        var plan = await new CampaignService(database.Factory(org), TimeProvider.System).LaunchPlanAsync(campaign.Id);

        Assert.Equal(3, plan!.Leads);
    }

    private async Task AddLeadsAsync(params string[] phones)
    {
        await using var db = database.Context(org);
        db.Leads.AddRange(phones.Select(p => new Lead
        {
            CampaignId = campaign.Id, Name = $"Lead {p}", Phone = p, Status = LeadStatus.New, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
    }
}

public sealed class LaunchPlanOnSqliteTests() : LaunchPlanTests(DatabaseProvider.Sqlite);

public sealed class LaunchPlanOnPostgresTests() : LaunchPlanTests(DatabaseProvider.Postgres);
