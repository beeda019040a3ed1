using System.Diagnostics;
using ActivityEvent = LeadActivity.Domain.Activities.ActivityEvent;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Activities;

/// <summary>
/// Two nodes' activity streams on one Redis: a Redis server of the test's own (not the shared one), so the test can
/// stop and restart it.
/// </summary>
public abstract class ActivityStreamRedisTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 25, 21, 30, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private RedisTestServer redis = null!;
    private TestDatabase database = null!;
    private int org;
    private Campaign campaign = null!;

    public async Task InitializeAsync()
    {
        TestServers.RequireRedis(); // redis-server is there (skip or CI rules as for the shared server)
        redis = await RedisTestServer.StartAsync();
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        campaign = await database.AddCampaignAsync(org);
        await using var db = database.Context(org);
        db.Leads.Add(new Lead { CampaignId = campaign.Id, Name = "Ana", Phone = "+12125550147", Status = LeadStatus.New, CreatedAt = Now, UpdatedAt = Now });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
            await database.DisposeAsync();
        if (redis is not null)
            await redis.DisposeAsync();
    }

    private async Task<ActivityStream> NodeAsync()
    {
        var node = new ActivityStream(new ActivityStreamOptions($"127.0.0.1:{redis.Port},connectTimeout=2000"));
        await node.StartAsync(); // what the host's ActivityStreamDelivery does at start-up
        return node;
    }

    private Task<IReadOnlyList<RecordResult>> RecordAsync(ActivityStream node) =>
        new ActivityRecorder(database.Database, new FixedOrganizationScope(org), node, clock).RecordAsync([new ActivityInput
        {
            ExternalId = Guid.NewGuid().ToString("N"), Type = "call", CampaignId = campaign.Id, LeadPhone = "+12125550147",
            OccurredAt = Now, Outcome = "no_answer",
        }]);

    [SkippableFact]
    public async Task An_activity_recorded_on_one_node_reaches_a_subscriber_on_the_other_and_its_own()
    {
        using var nodeA = await NodeAsync();
        using var nodeB = await NodeAsync();
        await Task.WhenAll(nodeA.Connected, nodeB.Connected).WaitAsync(TimeSpan.FromSeconds(10));
        using var onB = nodeB.Subscribe(org);
        using var onA = nodeA.Subscribe(org);

        var id = (await RecordAsync(nodeA))[0].Id;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(id, (await onB.Events.ReadAsync(timeout.Token)).Id);
        Assert.Equal(id, (await onA.Events.ReadAsync(timeout.Token)).Id); // one path: a node hears its own events from Redis
    }

    [SkippableFact]
    public async Task Nodes_started_while_Redis_is_down_record_meanwhile_and_deliver_once_it_is_up()
    {
        await redis.StopAsync();
        using var nodeA = await NodeAsync();
        using var nodeB = await NodeAsync();
        using var onB = nodeB.Subscribe(org);
        var whileDown = (await RecordAsync(nodeA))[0].Id; // recorded, though no node can publish it

        await redis.RestartAsync();
        await Task.WhenAll(nodeA.Connected, nodeB.Connected).WaitAsync(TimeSpan.FromSeconds(20));
        var afterwards = (await RecordAsync(nodeA))[0].Id;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(afterwards, (await onB.Events.ReadAsync(timeout.Token)).Id);
        Assert.True(onB.FellBehind, $"activity {whileDown} was never published: the subscriber must be sent to the database for it");
        Assert.False(onB.Events.TryRead(out var extra), $"delivered twice or stray: {extra?.Id}");
    }

    [SkippableFact]
    public async Task A_redis_restart_in_the_middle_of_a_stream_loses_no_event_on_the_other_node()
    {
        using var nodeA = await NodeAsync();
        using var nodeB = await NodeAsync();
        await Task.WhenAll(nodeA.Connected, nodeB.Connected).WaitAsync(TimeSpan.FromSeconds(10));
        using var subscription = nodeB.Subscribe(org);
        var dashboard = new Dashboard(subscription, new ActivityFeed(database.Factory(org)));
        using var stop = new CancellationTokenSource();
        var pump = dashboard.RunAsync(stop.Token);

        var recorded = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            if (i == 20)
                await redis.StopAsync();
            if (i == 40)
                await redis.RestartAsync();
            // Recording never waits on Redis, up or down: the activity is committed first.
            var started = Stopwatch.StartNew();
            recorded.Add((await RecordAsync(nodeA))[0].Id!.Value);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"recording took {started.Elapsed} with Redis {(i is >= 20 and < 40 ? "down" : "up")}");
            await Task.Delay(20);
        }
        // The dashboard catches up once its node hears its own marker through Redis again: keep recording until it has.
        var deadline = Stopwatch.StartNew();
        while (!dashboard.Shown.Contains(recorded[^1]) && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            recorded.Add((await RecordAsync(nodeA))[0].Id!.Value);
            await Task.Delay(200);
        }
        await WaitUntilAsync(() => dashboard.Shown.Contains(recorded[^1]));
        await stop.CancelAsync();
        await pump;

        Assert.Equal(recorded, dashboard.Shown); // every event, once, in order
        Assert.True(dashboard.CaughtUp, "the restart should have sent the dashboard to the database");
        Assert.Equal(dashboard.Live.Order(), dashboard.Live); // what came live came in id order
    }

    [SkippableFact]
    public async Task Stopping_a_node_ends_its_subscribe_and_check_loops_even_while_Redis_is_down()
    {
        await redis.StopAsync();
        using var node = new ActivityStream(
            new ActivityStreamOptions($"127.0.0.1:{redis.Port},connectTimeout=2000", CheckEvery: TimeSpan.FromMilliseconds(100)), database: database.Database);
        await node.StartAsync();
        using var subscription = node.Subscribe(org); // the check has an organization to look at
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // a few subscribe retries and checks

        await node.StopAsync().WaitAsync(TimeSpan.FromSeconds(5)); // a loop that ignored the stop would hold this
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);
    }

    /// <summary>Reads a subscription the way the home page's activity widget does: live bursts, and a catch-up by last id after falling behind.</summary>
    private sealed class Dashboard(ActivitySubscription subscription, ActivityFeed feed)
    {
        private readonly Lock _gate = new();
        private readonly List<long> _shown = [];
        private long _lastId;

        public List<long> Live { get; } = [];

        public bool CaughtUp { get; private set; }

        public List<long> Shown
        {
            get
            {
                lock (_gate)
                    return [.. _shown];
            }
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await foreach (var burst in subscription.BurstsAsync(TimeSpan.FromMilliseconds(20), cancellationToken))
            {
                Live.AddRange(burst.Events.Select(e => e.Id));
                IEnumerable<ActivityEvent> batch = burst.Events;
                if (burst.FellBehind)
                {
                    CaughtUp = true;
                    var missed = await feed.AfterAsync(_lastId, 1000, CancellationToken.None);
                    batch = [.. missed, .. burst.Events.Where(e => missed.All(m => m.Id != e.Id))];
                }
                lock (_gate)
                {
                    foreach (var e in batch.OrderBy(e => e.Id))
                    {
                        if (e.Id <= _lastId)
                            continue;
                        _lastId = e.Id;
                        _shown.Add(e.Id);
                    }
                }
            }
        }
    }
}

public sealed class ActivityStreamRedisOnSqliteTests() : ActivityStreamRedisTests(DatabaseProvider.Sqlite);

public sealed class ActivityStreamRedisOnPostgresTests() : ActivityStreamRedisTests(DatabaseProvider.Postgres);
