using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Activities;

public abstract class ActivityRecorderTests(DatabaseProvider provider) : IAsyncLifetime
{
    // A Wednesday, 16:30 in New York (the lead's number is a 212 number).
    private static readonly DateTime Now = new(2026, 11, 25, 21, 30, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private readonly ActivityStream stream = new();
    private TestDatabase database = null!;
    private int org;
    private Campaign campaign = null!;
    private Lead lead = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        campaign = await database.AddCampaignAsync(org);
        await using var db = database.Context(org);
        var c = await db.Campaigns.SingleAsync();
        c.CallingHours = CallingHours.Weekdays9To18;
        c.FollowUpRules = [new(CallOutcome.NoAnswer, TimeSpan.FromHours(4), 3, Channel.Phone), new(CallOutcome.Voicemail, TimeSpan.FromDays(1), 2, Channel.WhatsApp)];
        lead = new Lead { CampaignId = campaign.Id, Name = "Ana", Phone = "+12125550147", Status = LeadStatus.New, CreatedAt = Now, UpdatedAt = Now };
        db.Leads.Add(lead);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private ActivityRecorder Recorder() => new(database.Database, new FixedOrganizationScope(org), stream, clock);

    private ActivityInput Call(string outcome, DateTime? at = null, string? status = null) => new()
    {
        ExternalId = Guid.NewGuid().ToString("N"),
        Type = "call",
        CampaignId = campaign.Id,
        LeadPhone = "+1 212 555 0147",
        OccurredAt = at ?? Now,
        Outcome = outcome,
        LeadStatus = status,
    };

    private async Task<List<FollowUp>> FollowUpsAsync()
    {
        await using var db = database.Context(org);
        return await db.FollowUps.OrderBy(f => f.Id).ToListAsync();
    }

    [SkippableFact]
    public async Task No_answer_schedules_a_retry_after_the_rules_delay_moved_into_calling_hours()
    {
        var result = (await Recorder().RecordAsync([Call("no_answer")]))[0];

        Assert.Equal(RecordStatus.Created, result.Status);
        var retry = Assert.Single(await FollowUpsAsync());
        // 16:30 + 4 h = 20:30 in New York, after hours: the next opening is Thursday 09:00 EST = 14:00 UTC.
        Assert.Equal(new DateTime(2026, 11, 26, 14, 0, 0, DateTimeKind.Utc), retry.DueAt);
        Assert.Equal((2, 3, FollowUpState.Scheduled, CallOutcome.NoAnswer), (retry.Attempt, retry.MaxAttempts, retry.State, retry.TriggerOutcome));
        await using var db = database.Context(org);
        var saved = await db.Leads.SingleAsync();
        Assert.Equal(LeadStatus.Contacted, saved.Status);
        Assert.Equal(retry.DueAt, saved.NextFollowUpAt);
        Assert.Equal(Now, saved.LastActivityAt);
    }

    [SkippableFact]
    public async Task A_retry_inside_calling_hours_keeps_its_delay()
    {
        await Recorder().RecordAsync([Call("no_answer", at: new DateTime(2026, 11, 25, 14, 0, 0, DateTimeKind.Utc))]); // 09:00 in New York

        Assert.Equal(new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc), Assert.Single(await FollowUpsAsync()).DueAt);
    }

    [SkippableFact]
    public async Task The_rules_maximum_attempts_are_respected()
    {
        // Attempt 1, then the dispatcher takes each retry and the agent reports its call.
        await Recorder().RecordAsync([Call("no_answer")]);
        for (var attempt = 2; attempt <= 3; attempt++)
        {
            await using (var db = database.Context(org))
            {
                var due = await db.FollowUps.SingleAsync(f => f.State == FollowUpState.Scheduled);
                due.State = FollowUpState.Dispatched;
                await db.SaveChangesAsync();
            }
            var result = (await Recorder().RecordAsync([Call("no_answer")]))[0];
            Assert.Equal(RecordStatus.Created, result.Status);
        }

        var followUps = await FollowUpsAsync();
        Assert.Equal([2, 3], followUps.Select(f => f.Attempt));
        Assert.All(followUps, f => Assert.Equal(FollowUpState.Done, f.State));
        await using var check = database.Context(org);
        Assert.Equal([null, 2, 3], await check.Activities.OrderBy(a => a.Id).Select(a => a.Attempt).ToListAsync());
        Assert.Null((await check.Leads.SingleAsync()).NextFollowUpAt);
    }

    [SkippableFact]
    public async Task A_final_status_cancels_the_pending_retry()
    {
        await Recorder().RecordAsync([Call("no_answer")]);

        await Recorder().RecordAsync([new ActivityInput
        {
            ExternalId = "wa-1", Type = "message", CampaignId = campaign.Id, LeadWhatsApp = null, LeadPhone = "+12125550147",
            OccurredAt = Now, Outcome = "replied", Direction = "inbound", Body = "Please stop calling.", LeadStatus = "do_not_call",
        }]);

        var followUp = Assert.Single(await FollowUpsAsync());
        Assert.Equal(FollowUpState.Cancelled, followUp.State);
        await using var db = database.Context(org);
        var saved = await db.Leads.SingleAsync();
        Assert.Equal(LeadStatus.DoNotCall, saved.Status);
        Assert.Null(saved.NextFollowUpAt);
        Assert.Single(await db.Activities.Where(a => a.Kind == ActivityKind.StatusChange && a.StatusTo == LeadStatus.DoNotCall).ToListAsync());
    }

    [SkippableFact]
    public async Task Events_are_published_after_the_commit_in_id_order()
    {
        using var subscription = stream.Subscribe(org);
        using var otherOrganization = stream.Subscribe(org + 1);

        var results = await Recorder().RecordAsync([Call("answered", status: "qualified"), Call("voicemail")]);

        var published = new List<ActivityEvent>();
        while (subscription.Events.TryRead(out var e))
            published.Add(e);
        Assert.Equal(3, published.Count); // two calls and the status change the first one reported
        Assert.Equal(published.Select(e => e.Id).Order(), published.Select(e => e.Id));
        Assert.Contains(results[0].Id!.Value, published.Select(e => e.Id));
        Assert.All(published, e => Assert.Equal("Ana", e.LeadName));
        Assert.False(otherOrganization.Events.TryRead(out _));
    }

    [SkippableFact]
    public async Task Concurrent_writers_publish_in_id_order()
    {
        using var subscription = stream.Subscribe(org);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Recorder().RecordAsync([Call("answered")]))));

        var ids = new List<long>();
        while (subscription.Events.TryRead(out var e))
            ids.Add(e.Id);
        Assert.Equal(20, ids.Count);
        Assert.Equal(ids.Order(), ids);
    }

    [SkippableFact]
    public async Task An_activity_reported_late_is_kept_but_does_not_change_the_leads_status_or_retries()
    {
        await Recorder().RecordAsync([Call("no_answer")]);

        var late = (await Recorder().RecordAsync([Call("answered", at: Now.AddHours(-3), status: "not_interested")]))[0];

        Assert.Equal(RecordStatus.Created, late.Status);
        await using var db = database.Context(org);
        var saved = await db.Leads.SingleAsync();
        Assert.Equal(LeadStatus.Contacted, saved.Status);
        Assert.Equal(Now, saved.LastActivityAt);
        Assert.Equal(FollowUpState.Scheduled, Assert.Single(await db.FollowUps.ToListAsync()).State);
    }

    [SkippableFact]
    public async Task A_whatsapp_retry_is_made_by_the_outbound_message_that_follows_its_dispatch()
    {
        await Recorder().RecordAsync([Call("voicemail")]); // the rule retries by WhatsApp after a day
        await using (var db = database.Context(org))
        {
            var retry = await db.FollowUps.SingleAsync();
            Assert.Equal(Channel.WhatsApp, retry.Channel);
            retry.State = FollowUpState.Dispatched;
            await db.SaveChangesAsync();
        }

        await Recorder().RecordAsync([new ActivityInput
        {
            ExternalId = "wa-retry", Type = "message", CampaignId = campaign.Id, LeadPhone = "+12125550147", OccurredAt = Now.AddMinutes(1),
            Outcome = "delivered", Direction = "outbound", Channel = "whatsapp", Body = "Hi Ana, sorry we missed you.",
        }]);

        await using var check = database.Context(org);
        Assert.Equal(FollowUpState.Done, (await check.FollowUps.SingleAsync()).State);
        Assert.Equal(2, (await check.Activities.SingleAsync(a => a.ExternalId == "wa-retry")).Attempt);
    }

    [SkippableFact]
    public async Task A_subscriber_that_stops_reading_never_blocks_the_writer_and_learns_it_fell_behind()
    {
        using var stuck = stream.Subscribe(org);
        var inputs = Enumerable.Range(0, ActivityStream.QueueCapacity + 10).Select(_ => Call("answered")).ToList();

        var results = await Recorder().RecordAsync(inputs);

        Assert.All(results, r => Assert.Equal(RecordStatus.Created, r.Status));
        Assert.True(stuck.FellBehind);
    }
}

public sealed class ActivityRecorderOnSqliteTests() : ActivityRecorderTests(DatabaseProvider.Sqlite);

public sealed class ActivityRecorderOnPostgresTests() : ActivityRecorderTests(DatabaseProvider.Postgres);
