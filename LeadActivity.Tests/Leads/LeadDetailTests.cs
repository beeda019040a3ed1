using LeadActivity.Domain;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LeadActivity.Tests.Leads;

public abstract class LeadDetailTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly ICurrentUser sam = new FixedUser("sam", "Sam");
    private readonly ICurrentUser kim = new FixedUser("kim", "Kim");
    private readonly ActivityStream stream = new();
    private TestDatabase database = null!;
    private int org, otherOrg;
    private Campaign campaign = null!;
    private Lead lead = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        org = await database.AddOrganizationAsync("acme");
        otherOrg = await database.AddOrganizationAsync("globex");
        campaign = await database.AddCampaignAsync(org);
        await using var db = database.Context(org);
        var c = await db.Campaigns.SingleAsync();
        c.Fields = [new("budget", "Budget", CustomFieldType.Number), new("plan", "Plan", CustomFieldType.Choice, Options: ["starter", "growth"])];
        c.FollowUpRules = [new(CallOutcome.NoAnswer, TimeSpan.FromHours(4), 3, Channel.Phone)];
        lead = new Lead { CampaignId = campaign.Id, Name = "Ana", Phone = "+14155550132", Status = LeadStatus.Contacted, CreatedAt = T0, UpdatedAt = T0 };
        db.Leads.Add(lead);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private LeadDetailQuery Details(int? organization = null) => new(database.Factory(organization ?? org));

    [SkippableFact]
    public async Task The_timeline_is_newest_first_with_ties_broken_by_id_and_pages_without_gaps_or_repeats()
    {
        await using (var db = database.Context(org))
        {
            for (var i = 0; i < 7; i++)
                db.Activities.Add(Call(T0.AddMinutes(i / 2))); // pairs share a time
            await db.SaveChangesAsync();
        }

        var first = await Details().TimelineAsync(lead.Id, take: 3);
        var second = await Details().TimelineAsync(lead.Id, first.Next, take: 3);
        var third = await Details().TimelineAsync(lead.Id, second.Next, take: 3);

        var all = first.Entries.Concat(second.Entries).Concat(third.Entries).ToList();
        Assert.Equal(7, all.Select(e => e.Id).Distinct().Count());
        Assert.Null(third.Next);
        Assert.Equal(all.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Select(e => e.Id), all.Select(e => e.Id));
        Assert.True(all[1].OccurredAt == all[2].OccurredAt && all[1].Id > all[2].Id, "of two at the same time, the later id comes first");
    }

    [SkippableFact]
    public async Task Cancelling_a_follow_up_is_idempotent_recorded_once_and_clears_the_next_retry()
    {
        var followUp = await AddFollowUpAsync(FollowUpState.Scheduled);
        var service = new FollowUpService(database.Factory(org), sam, clock, stream);

        Assert.Equal(ChangeResult.Done, await service.CancelAsync(followUp.Id));
        Assert.Equal(ChangeResult.Conflict("It was already cancelled"), await service.CancelAsync(followUp.Id));

        var detail = await Details().GetAsync(lead.Id);
        Assert.Null(detail!.NextFollowUp);
        Assert.Equal("Sam", Assert.Single(detail.PastFollowUps).CancelledBy);
        var timeline = await Details().TimelineAsync(lead.Id);
        Assert.Single(timeline.Entries, e => e.Kind == ActivityKind.FollowUpCancelled);
        await using var db = database.Context(org);
        Assert.Null((await db.Leads.SingleAsync()).NextFollowUpAt);
    }

    [SkippableFact]
    public async Task A_dispatched_follow_up_cannot_be_cancelled()
    {
        var followUp = await AddFollowUpAsync(FollowUpState.Dispatched);

        var result = await new FollowUpService(database.Factory(org), sam, clock, stream).CancelAsync(followUp.Id);

        Assert.Equal(ChangeResult.Conflict("Too late: the agent has already started this attempt"), result);
        await using var db = database.Context(org);
        Assert.Equal(FollowUpState.Dispatched, (await db.FollowUps.SingleAsync()).State);
        Assert.Empty(await db.Activities.Where(a => a.Kind == ActivityKind.FollowUpCancelled).ToListAsync());
    }

    [SkippableFact]
    public async Task Another_organizations_follow_up_cannot_be_cancelled()
    {
        var followUp = await AddFollowUpAsync(FollowUpState.Scheduled);

        var result = await new FollowUpService(database.Factory(otherOrg), sam, clock, stream).CancelAsync(followUp.Id);

        Assert.Equal(ChangeResult.NotFound("This follow-up no longer exists"), result);
    }

    [SkippableFact]
    public async Task Only_a_notes_author_may_edit_or_delete_it_and_notes_are_kept_as_typed()
    {
        var samNotes = new NoteService(database.Factory(org), sam, clock, stream);
        var kimNotes = new NoteService(database.Factory(org), kim, clock, stream);
        const string typed = "  Call back Friday.\n\n  <b>Not</b> before 3pm  ";
        var added = await samNotes.AddAsync(lead.Id, typed);

        Assert.True(added.Succeeded);
        var note = added.Value!;
        var notAuthor = ChangeResult.Forbidden("Only the note's author can change it.");
        Assert.Equal(notAuthor, await kimNotes.EditAsync(note.Id, "hijacked"));
        Assert.Equal(notAuthor, await kimNotes.DeleteAsync(note.Id));
        Assert.Equal(ChangeResult.Invalid("A note needs some text."), await samNotes.EditAsync(note.Id, "   "));
        Assert.Equal(typed, (await samNotes.ListAsync(lead.Id)).Single().Text);
        Assert.False((await kimNotes.ListAsync(lead.Id)).Single().IsMine);

        Assert.Equal(ChangeResult.Done, await samNotes.EditAsync(note.Id, "Edited"));
        var entry = Assert.Single((await Details().TimelineAsync(lead.Id)).Entries);
        Assert.Equal("Edited", entry.NoteText);

        Assert.Equal(ChangeResult.Done, await samNotes.DeleteAsync(note.Id));
        Assert.Empty((await Details().TimelineAsync(lead.Id)).Entries);
    }

    [SkippableFact]
    public async Task A_status_change_is_recorded_with_its_author_and_a_final_status_cancels_pending_retries()
    {
        await AddFollowUpAsync(FollowUpState.Scheduled);
        var service = new LeadService(database.Factory(org), sam, clock, stream);

        Assert.True(await service.ChangeStatusAsync(lead.Id, LeadStatus.Qualified));

        var entry = Assert.Single((await Details().TimelineAsync(lead.Id)).Entries);
        Assert.Equal((LeadStatus.Contacted, LeadStatus.Qualified, "Sam"), (entry.StatusFrom!.Value, entry.StatusTo!.Value, entry.Actor));
        var detail = await Details().GetAsync(lead.Id);
        Assert.Equal(LeadStatus.Qualified, detail!.Status);
        Assert.Null(detail.NextFollowUp);
        Assert.Equal(FollowUpState.Cancelled, Assert.Single(detail.PastFollowUps).State);
    }

    [SkippableFact]
    public async Task Custom_fields_are_validated_by_type_and_saved_all_or_none()
    {
        var service = new LeadService(database.Factory(org), sam, clock, stream);

        var bad = await service.UpdateFieldsAsync(lead.Id, new Dictionary<string, string?> { ["budget"] = "ten k", ["plan"] = "growth" });
        Assert.False(bad.Succeeded);
        Assert.Contains("number", bad.Errors["budget"]);
        Assert.Empty((await Details().GetAsync(lead.Id))!.Fields);

        var good = await service.UpdateFieldsAsync(lead.Id, new Dictionary<string, string?> { ["budget"] = "12000", ["plan"] = "GROWTH" });
        Assert.True(good.Succeeded);
        Assert.Equal(new Dictionary<string, string> { ["budget"] = "12000", ["plan"] = "growth" }, (await Details().GetAsync(lead.Id))!.Fields);
    }

    [SkippableFact]
    public async Task A_lead_of_another_organization_is_not_found()
    {
        Assert.NotNull(await Details().GetAsync(lead.Id));
        Assert.Null(await Details(otherOrg).GetAsync(lead.Id));
        Assert.Empty((await Details(otherOrg).TimelineAsync(lead.Id)).Entries);
    }

    [SkippableFact]
    public async Task The_lead_shows_its_country_and_time_zone_from_its_number()
    {
        var detail = await Details().GetAsync(lead.Id);

        Assert.Equal("United States", detail!.Country);
        Assert.Equal("America/Los_Angeles", detail.TimeZoneId);
        Assert.Equal(new DateTime(2026, 11, 26, 4, 0, 0), detail.LocalTime(new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc)));
    }

    [SkippableFact]
    public async Task A_big_timeline_opens_with_one_page()
    {
        await using (var db = database.Context(org))
        {
            db.Activities.AddRange(Enumerable.Range(0, 10_000).Select(i => Call(T0.AddSeconds(i))));
            await db.SaveChangesAsync();
        }

        var page = await Details().TimelineAsync(lead.Id);

        Assert.Equal(LeadDetailQuery.TimelinePageSize, page.Entries.Count);
        Assert.Equal(T0.AddSeconds(9_999), page.Entries[0].OccurredAt);
        Assert.NotNull(page.Next);
    }

    private Activity Call(DateTime at) => new()
    {
        LeadId = lead.Id,
        CampaignId = campaign.Id,
        Kind = ActivityKind.Call,
        OccurredAt = at,
        CallOutcome = CallOutcome.NoAnswer,
    };

    private async Task<FollowUp> AddFollowUpAsync(FollowUpState state)
    {
        await using var db = database.Context(org);
        var followUp = new FollowUp
        {
            LeadId = lead.Id, CampaignId = campaign.Id, DueAt = T0.AddDays(7), Attempt = 2, MaxAttempts = 3,
            Channel = Channel.Phone, TriggerOutcome = CallOutcome.NoAnswer, State = state, CreatedAt = T0,
        };
        db.FollowUps.Add(followUp);
        (await db.Leads.SingleAsync()).NextFollowUpAt = followUp.DueAt;
        await db.SaveChangesAsync();
        return followUp;
    }
}

public sealed class LeadDetailOnSqliteTests() : LeadDetailTests(DatabaseProvider.Sqlite);

public sealed class LeadDetailOnPostgresTests() : LeadDetailTests(DatabaseProvider.Postgres);
