using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Agent;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Activities;

public abstract class AgentTests(DatabaseProvider provider) : IAsyncLifetime
{
    // Thursday 15:00 UTC = 10:00 in New York: inside calling hours for a 212 number.
    protected readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.Zero));
    protected readonly ActivityStream stream = new();
    protected TestDatabase database = null!;
    protected int org;
    private Campaign campaign = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        campaign = await database.AddCampaignAsync(org);
        await using var db = database.Context(org);
        db.Leads.AddRange(Enumerable.Range(0, 3).Select(i => new Lead
        {
            CampaignId = campaign.Id, Name = $"Lead {i}", Phone = $"+1212555014{i}", Status = LeadStatus.New,
            Fields = new() { ["company"] = "Acme" }, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private sealed class RecordingDialer : IAgentDialer
    {
        public List<DialRequest> Requests { get; } = [];

        public Task DialAsync(DialRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.CompletedTask;
        }
    }

    private async Task<long> ScheduleAsync(DateTime due, FollowUpState state = FollowUpState.Scheduled)
    {
        await using var db = database.Context(org);
        var lead = await db.Leads.OrderBy(l => l.Id).FirstAsync();
        var followUp = new FollowUp
        {
            LeadId = lead.Id, CampaignId = campaign.Id, DueAt = due, Attempt = 2, MaxAttempts = 3, Channel = Channel.Phone,
            TriggerOutcome = CallOutcome.NoAnswer, State = state, CreatedAt = due.AddHours(-4),
        };
        db.FollowUps.Add(followUp);
        await db.SaveChangesAsync();
        return followUp.Id;
    }

    [SkippableFact]
    public async Task A_due_follow_up_is_dispatched_exactly_once_and_a_cancelled_one_never()
    {
        var due = await ScheduleAsync(clock.GetUtcNow().UtcDateTime.AddMinutes(-5));
        await ScheduleAsync(clock.GetUtcNow().UtcDateTime.AddMinutes(-5), FollowUpState.Cancelled);
        var later = await ScheduleAsync(clock.GetUtcNow().UtcDateTime.AddHours(1));
        var dialer = new RecordingDialer();
        var dispatcher = new FollowUpDispatcher(database.Factory(0), database.Database.Stores.FollowUpClaims, dialer, clock);

        var first = await dispatcher.DispatchDueAsync();
        var second = await dispatcher.DispatchDueAsync();

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(due, Assert.Single(dialer.Requests).FollowUpId);
        await using var db = database.Context(org);
        Assert.Equal(FollowUpState.Dispatched, (await db.FollowUps.SingleAsync(f => f.Id == due)).State);
        Assert.Equal(FollowUpState.Scheduled, (await db.FollowUps.SingleAsync(f => f.Id == later)).State);
    }

    /// <summary>Counts the agent's calls per follow-up, from any number of dispatchers at once.</summary>
    private sealed class CountingDialer : IAgentDialer
    {
        public System.Collections.Concurrent.ConcurrentDictionary<long, int> Calls { get; } = new();

        public async Task DialAsync(DialRequest request, CancellationToken cancellationToken)
        {
            Calls.AddOrUpdate(request.FollowUpId, 1, (_, n) => n + 1);
            await Task.Delay(1, cancellationToken); // a call takes a moment: the other node's rounds run meanwhile
        }
    }

    [SkippableFact]
    public async Task Two_nodes_dispatching_at_once_dispatch_each_due_follow_up_exactly_once()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = database.Context(org))
        {
            var leads = await db.Leads.Select(l => l.Id).ToListAsync();
            db.FollowUps.AddRange(Enumerable.Range(0, 200).Select(i => new FollowUp
            {
                LeadId = leads[i % leads.Count], CampaignId = campaign.Id, DueAt = now.AddMinutes(-1 - i % 7), Attempt = 2, MaxAttempts = 3,
                Channel = Channel.Phone, TriggerOutcome = CallOutcome.NoAnswer, State = FollowUpState.Scheduled, CreatedAt = now.AddHours(-4),
            }));
            await db.SaveChangesAsync();
        }
        // Two nodes: each its own LeadActivityDatabase, so its own connection pool, on the same database.
        await using var nodeA = Node();
        await using var nodeB = Node();
        var dialer = new CountingDialer();
        var dispatchers = new[] { nodeA, nodeB }.Select(n => new FollowUpDispatcher(n.CreateFactory(0), n.Stores.FollowUpClaims, dialer, clock)).ToList();

        var perNode = await Task.WhenAll(dispatchers.Select(d => Task.Run(async () =>
        {
            var total = 0;
            for (var round = 0; round < 40 && dialer.Calls.Count < 200; round++)
                total += await d.DispatchDueAsync(limit: 15);
            return total;
        })));

        Assert.Equal(200, dialer.Calls.Count);
        Assert.All(dialer.Calls, c => Assert.Equal(1, c.Value));
        Assert.Equal(200, perNode.Sum());
        Assert.All(perNode, dispatched => Assert.True(dispatched > 0, $"one node dispatched everything ({string.Join(", ", perNode)}): the rounds did not overlap"));
        await using var check = database.Context(org);
        Assert.Equal(200, await check.FollowUps.CountAsync(f => f.State == FollowUpState.Dispatched));
    }

    /// <summary>Another app server's own connections to the test's database.</summary>
    protected LeadActivityDatabase Node() => provider == DatabaseProvider.Postgres
        ? LeadActivityDatabase.Postgres(database.ConnectionString, PostgresTestDatabases.DataFolder)
        : LeadActivityDatabase.Sqlite(database.ConnectionString);

    [SkippableFact]
    public async Task A_follow_up_due_outside_calling_hours_waits_for_the_next_opening()
    {
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero)); // 22:00 Thursday in New York
        var id = await ScheduleAsync(clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var dialer = new RecordingDialer();

        await new FollowUpDispatcher(database.Factory(0), database.Database.Stores.FollowUpClaims, dialer, clock).DispatchDueAsync();

        Assert.Empty(dialer.Requests);
        await using var db = database.Context(org);
        var followUp = await db.FollowUps.SingleAsync(f => f.Id == id);
        Assert.Equal(FollowUpState.Scheduled, followUp.State);
        Assert.Equal(new DateTime(2026, 11, 27, 14, 0, 0, DateTimeKind.Utc), followUp.DueAt); // Friday 09:00 in New York
    }

    [SkippableFact]
    public async Task A_paused_campaign_gets_no_new_attempts()
    {
        var campaigns = new CampaignService(database.Factory(org), clock);
        Assert.True(await campaigns.SetStatusAsync(campaign.Id, CampaignStatus.Paused));
        await ScheduleAsync(clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var dialer = new RecordingDialer();
        var agent = new SimulatedAgent(database.Database, stream, clock);

        var contacted = await agent.WorkAsync(5, CancellationToken.None);
        var dispatched = await new FollowUpDispatcher(database.Factory(0), database.Database.Stores.FollowUpClaims, dialer, clock).DispatchDueAsync();

        Assert.Equal((0, 0), (contacted, dispatched));
        Assert.False(await campaigns.SetStatusAsync(campaign.Id, CampaignStatus.Draft));
    }

    [SkippableFact]
    public async Task Follow_ups_of_paused_campaigns_never_starve_the_active_ones()
    {
        var paused = await database.AddCampaignAsync(org, "Paused");
        await using (var db = database.Context(org))
        {
            (await db.Campaigns.SingleAsync(c => c.Id == paused.Id)).Status = CampaignStatus.Paused;
            var lead = new Lead { CampaignId = paused.Id, Name = "Waiting", Phone = "+12125550199", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Leads.Add(lead);
            await db.SaveChangesAsync();
            db.FollowUps.Add(new FollowUp
            {
                LeadId = lead.Id, CampaignId = paused.Id, DueAt = clock.GetUtcNow().UtcDateTime.AddHours(-2), Attempt = 2, MaxAttempts = 3,
                Channel = Channel.Phone, TriggerOutcome = CallOutcome.NoAnswer, State = FollowUpState.Scheduled,
            });
            await db.SaveChangesAsync();
        }
        var active = await ScheduleAsync(clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var dialer = new RecordingDialer();

        await new FollowUpDispatcher(database.Factory(0), database.Database.Stores.FollowUpClaims, dialer, clock).DispatchDueAsync(limit: 1);

        Assert.Equal(active, Assert.Single(dialer.Requests).FollowUpId);
    }

    [SkippableFact]
    public async Task The_simulated_agent_works_through_new_leads_through_the_recorder()
    {
        using var subscription = stream.Subscribe(org);
        var agent = new SimulatedAgent(database.Database, stream, clock);

        var contacted = await agent.WorkAsync(2, CancellationToken.None);

        Assert.Equal(2, contacted);
        await using var db = database.Context(org);
        Assert.Equal(1, await db.Leads.CountAsync(l => l.Status == LeadStatus.New));
        var calls = await db.Activities.Where(a => a.Kind == ActivityKind.Call).ToListAsync();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.StartsWith("sim-", c.ExternalId));
        Assert.True(subscription.Events.TryRead(out _));
    }

    [SkippableFact]
    public async Task The_simulated_agent_makes_first_contacts_only_inside_calling_hours_in_each_leads_local_time()
    {
        // Friday 03:00 UTC: Thursday 22:00 in New York (closed), Friday 12:00 in Tokyo (open).
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        await using (var db = database.Context(org))
        {
            db.Leads.Add(new Lead
            {
                CampaignId = campaign.Id, Name = "Tokyo lead", Phone = "+81312345678", Status = LeadStatus.New,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var agent = new SimulatedAgent(database.Database, stream, clock);

        var contacted = await agent.WorkAsync(5, CancellationToken.None);

        Assert.Equal(1, contacted);
        await using var check = database.Context(org);
        var called = await check.Activities.Where(a => a.Kind == ActivityKind.Call).Select(a => a.Lead!.Name).ToListAsync();
        Assert.Equal(["Tokyo lead"], called);
    }

    [SkippableFact]
    public async Task Leads_whose_window_is_open_are_reached_beyond_a_long_run_of_closed_ones()
    {
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero)); // night in New York, noon in Tokyo
        await using (var db = database.Context(org))
        {
            db.Leads.AddRange(Enumerable.Range(0, 2).Select(i => new Lead
            {
                CampaignId = campaign.Id, Name = $"Tokyo lead {i}", Phone = $"+8131234567{i}", Status = LeadStatus.New,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            }));
            await db.SaveChangesAsync();
        }
        // Each round looks at two leads: the three New York ones come first.
        var agent = new SimulatedAgent(database.Database, stream, clock) { ScanPerRound = 2 };

        var contacted = 0;
        for (var round = 0; round < 4; round++)
            contacted += await agent.WorkAsync(1, CancellationToken.None);

        Assert.Equal(2, contacted);
        await using var check = database.Context(org);
        Assert.Equal(3, await check.Leads.CountAsync(l => l.Status == LeadStatus.New && l.Phone!.StartsWith("+1")));
    }

    [SkippableFact]
    public async Task The_simulated_agent_contacts_nobody_on_a_weekend()
    {
        // Sunday 15:00 UTC: Sunday 10:00 in New York.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.Zero));
        var agent = new SimulatedAgent(database.Database, stream, clock);

        Assert.Equal(0, await agent.WorkAsync(5, CancellationToken.None));
        await using var db = database.Context(org);
        Assert.Equal(3, await db.Leads.CountAsync(l => l.Status == LeadStatus.New));
    }
}

public sealed class AgentOnSqliteTests() : AgentTests(DatabaseProvider.Sqlite);

public sealed class AgentOnPostgresTests() : AgentTests(DatabaseProvider.Postgres)
{
    // Several app servers share a database only on PostgreSQL.
    [SkippableFact]
    public async Task Simulated_agents_on_two_nodes_never_call_a_new_lead_twice()
    {
        await using var nodeA = Node();
        await using var nodeB = Node();

        await Task.WhenAll(new[] { nodeA, nodeB }.Select(n => Task.Run(() => new SimulatedAgent(n, stream, clock).WorkAsync(2, CancellationToken.None))));

        await using var db = database.Context(org);
        var called = await db.Activities.Where(a => a.Kind == ActivityKind.Call).Select(a => a.LeadId).ToListAsync();
        Assert.NotEmpty(called);
        Assert.Equal(called.Distinct().Count(), called.Count);
    }
}
