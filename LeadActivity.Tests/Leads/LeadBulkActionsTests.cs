using LeadActivity.Domain;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Leads.Bulk;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadActivity.Tests.Leads;

/// <summary>Each bulk action on a real database file (and on PostgreSQL): what lands on the leads, their timelines and the audit trail.</summary>
public abstract class LeadBulkActionsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase database = null!;
    private LeadBulkJobs jobs = null!;
    private int org, otherOrg;
    private Campaign spring = null!, autumn = null!;
    private List<int> springLeads = [];
    private int otherLead;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        jobs = new LeadBulkJobs(database.Database, new ActivityStream(), AppNode.Create("test"), TimeProvider.System, NullLogger<LeadBulkJobs>.Instance);
        org = await database.AddOrganizationAsync("acme");
        otherOrg = await database.AddOrganizationAsync("globex");
        spring = await database.AddCampaignAsync(org, "Spring");
        autumn = await database.AddCampaignAsync(org, "Autumn");
        await using (var db = database.Context(org))
        {
            var target = await db.Campaigns.SingleAsync(c => c.Id == autumn.Id);
            target.Fields = [new CustomFieldDefinition("budget", "Budget", CustomFieldType.Number)];
            var now = DateTime.UtcNow;
            // Spring: 20 callbacks (+1415555010x), the first 3 also in Autumn by number; lead 19 has a budget Autumn refuses.
            for (var i = 0; i < 20; i++)
            {
                db.Leads.Add(new Lead
                {
                    CampaignId = spring.Id, Name = i == 5 ? "Quentin Marsh" : $"Lead {i}", Phone = $"+141555501{i:D2}", Status = LeadStatus.Callback,
                    Fields = i == 19 ? new() { ["budget"] = "lots" } : i == 18 ? new() { ["budget"] = "1,200" } : [],
                    CreatedAt = now, UpdatedAt = now, NextFollowUpAt = i < 10 ? now.AddDays(1) : null,
                });
            }
            db.Leads.Add(new Lead { CampaignId = spring.Id, Name = "Already qualified", Phone = "+14155550999", Status = LeadStatus.Qualified, CreatedAt = now, UpdatedAt = now });
            for (var i = 0; i < 3; i++)
                db.Leads.Add(new Lead { CampaignId = autumn.Id, Name = $"Autumn {i}", Phone = $"+141555501{i:D2}", Status = LeadStatus.New, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
            springLeads = await db.Leads.Where(l => l.CampaignId == spring.Id && l.Status == LeadStatus.Callback).OrderBy(l => l.Id).Select(l => l.Id).ToListAsync();
            foreach (var leadId in springLeads.Take(10))
            {
                db.FollowUps.Add(new FollowUp
                {
                    LeadId = leadId, CampaignId = spring.Id, DueAt = now.AddDays(1), Attempt = 2, MaxAttempts = 3, Channel = Channel.Phone,
                    TriggerOutcome = CallOutcome.NoAnswer, State = FollowUpState.Scheduled, CreatedAt = now,
                });
            }
            await db.SaveChangesAsync();
        }
        var otherCampaign = await database.AddCampaignAsync(otherOrg, "Theirs");
        await using (var db = database.Context(otherOrg))
        {
            var lead = new Lead { CampaignId = otherCampaign.Id, Name = "Lead 1", Phone = "+14155550101", Status = LeadStatus.Callback, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Leads.Add(lead);
            await db.SaveChangesAsync();
            otherLead = lead.Id;
        }
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private LeadBulkActions Actions(int? organization = null) =>
        new(database.Database, new FixedOrganizationScope(organization ?? org), new FixedUser("sam", "Sam Rivera"), TimeProvider.System, jobs);

    private async Task<BulkAction> RunAsync(Task<BulkStart> start, int? organization = null)
    {
        var started = await start;
        Assert.True(started.Started, started.Error);
        await jobs.WhenFinishedAsync(started.Id!.Value);
        await using var db = database.Context(organization ?? org);
        return await db.BulkActions.SingleAsync(a => a.Id == started.Id);
    }

    private static LeadFilter Callbacks => LeadFilter.Default with { Statuses = [LeadStatus.Callback] };

    [SkippableFact]
    public async Task Changing_the_status_of_all_matching_leads_records_each_change_and_a_final_status_cancels_their_retries()
    {
        var action = await RunAsync(Actions().ChangeStatusAsync(LeadSelection.AllMatching(Callbacks with { Page = 3 }), LeadStatus.Qualified));

        Assert.Equal(BulkActionState.Completed, action.State);
        Assert.Equal((20, 20, 0), (action.Selected, action.Affected, action.Skipped));
        Assert.Equal("Sam Rivera", action.StartedBy);
        Assert.Equal("Status → Qualified", action.Description);
        await using var db = database.Context(org);
        var leads = await db.Leads.Where(l => springLeads.Contains(l.Id)).ToListAsync();
        Assert.All(leads, l => Assert.Equal(LeadStatus.Qualified, l.Status));
        Assert.All(leads, l => Assert.Null(l.NextFollowUpAt));
        var changes = await db.Activities.Where(a => a.Kind == ActivityKind.StatusChange).ToListAsync();
        Assert.Equal(springLeads.Order(), changes.Select(c => c.LeadId).Order());
        Assert.All(changes, c => Assert.Equal((LeadStatus.Callback, LeadStatus.Qualified, "Sam Rivera", spring.Id), (c.StatusFrom!.Value, c.StatusTo!.Value, c.Actor!, c.CampaignId)));
        var followUps = await db.FollowUps.ToListAsync();
        Assert.All(followUps, f => Assert.Equal((FollowUpState.Cancelled, "Sam Rivera (status Qualified)"), (f.State, f.CancelledBy!)));
        await using var other = database.Context(otherOrg);
        Assert.Equal(LeadStatus.Callback, (await other.Leads.SingleAsync(l => l.Id == otherLead)).Status);
    }

    [SkippableFact]
    public async Task A_status_that_is_not_final_keeps_the_retries_and_leads_already_in_it_are_left_alone()
    {
        var ids = springLeads.Take(4).Append(await QualifiedLeadAsync()).ToList();

        var action = await RunAsync(Actions().ChangeStatusAsync(LeadSelection.Of(ids), LeadStatus.Qualified));

        Assert.Equal((5, 4, 1), (action.Selected, action.Affected, action.Skipped));
        Assert.Contains("1 already Qualified", action.Message);
        var contacted = await RunAsync(Actions().ChangeStatusAsync(LeadSelection.Of(springLeads.Skip(5).Take(3)), LeadStatus.Contacted));
        Assert.Equal(3, contacted.Affected);
        await using var db = database.Context(org);
        Assert.Equal(FollowUpState.Scheduled, (await db.FollowUps.SingleAsync(f => f.LeadId == springLeads[5])).State);
        Assert.NotNull((await db.Leads.SingleAsync(l => l.Id == springLeads[5])).NextFollowUpAt);
        Assert.Equal(7, await db.Activities.CountAsync(a => a.Kind == ActivityKind.StatusChange));
    }

    [SkippableFact]
    public async Task Cancelling_follow_ups_cancels_each_scheduled_retry_with_a_timeline_entry()
    {
        var action = await RunAsync(Actions().CancelFollowUpsAsync(LeadSelection.AllMatching(Callbacks)));

        Assert.Equal((20, 10, 10), (action.Selected, action.Affected, action.Skipped));
        await using var db = database.Context(org);
        Assert.All(await db.FollowUps.ToListAsync(), f => Assert.Equal((FollowUpState.Cancelled, "Sam Rivera"), (f.State, f.CancelledBy!)));
        var entries = await db.Activities.Where(a => a.Kind == ActivityKind.FollowUpCancelled).ToListAsync();
        Assert.Equal(springLeads.Take(10), entries.Select(e => e.LeadId).Order());
        Assert.All(entries, e => Assert.Equal((2, 3, "Sam Rivera"), (e.Attempt!.Value, e.MaxAttempts!.Value, e.Actor!)));
        Assert.All(await db.Leads.ToListAsync(), l => Assert.Null(l.NextFollowUpAt));
    }

    [SkippableFact]
    public async Task Moving_previews_the_duplicates_and_refused_values_then_moves_the_rest()
    {
        var selection = LeadSelection.AllMatching(Callbacks with { CampaignId = spring.Id });

        var preview = await Actions().PreviewMoveAsync(selection, autumn.Id);

        Assert.Equal((20, 16, 4), (preview!.Selected, preview.Affected, preview.Skipped));
        Assert.Contains("3 with a number Autumn already has", preview.Message);
        Assert.Contains("1 with a value Autumn's fields refuse", preview.Message);
        await using (var db = database.Context(org))
            Assert.Equal(21, await db.Leads.CountAsync(l => l.CampaignId == spring.Id)); // the preview changed nothing

        var action = await RunAsync(Actions().MoveAsync(selection, autumn.Id));

        Assert.Equal((20, 16, 4), (action.Selected, action.Affected, action.Skipped));
        await using var after = database.Context(org);
        var moved = await after.Leads.Where(l => springLeads.Contains(l.Id) && l.CampaignId == autumn.Id).Select(l => l.Id).ToListAsync();
        Assert.Equal(springLeads.Skip(3).Take(16).Order(), moved.Order());
        Assert.Equal("1200", (await after.Leads.SingleAsync(l => l.Id == springLeads[18])).Fields["budget"]); // stored as Autumn stores numbers
        Assert.Equal(3, await after.Leads.CountAsync(l => l.CampaignId == autumn.Id && l.Name.StartsWith("Autumn")));
        Assert.All(await after.FollowUps.Where(f => moved.Contains(f.LeadId)).ToListAsync(), f => Assert.Equal(FollowUpState.Cancelled, f.State));
    }

    [SkippableFact]
    public async Task Copying_adds_new_leads_to_the_target_and_leaves_the_originals_where_they_were()
    {
        var action = await RunAsync(Actions().CopyAsync(LeadSelection.AllMatching(Callbacks), autumn.Id));

        Assert.Equal((20, 16, 4), (action.Selected, action.Affected, action.Skipped));
        Assert.Equal("Copy to Autumn", action.Description);
        await using var db = database.Context(org);
        Assert.Equal(20, await db.Leads.CountAsync(l => l.CampaignId == spring.Id && l.Status == LeadStatus.Callback)); // untouched
        var copies = await db.Leads.Where(l => l.CampaignId == autumn.Id && !l.Name.StartsWith("Autumn")).ToListAsync();
        Assert.Equal(16, copies.Count);
        Assert.All(copies, c => Assert.Equal((LeadStatus.New, (DateTime?)null), (c.Status, c.LastActivityAt)));
        Assert.Equal("1200", copies.Single(c => c.Name == "Lead 18").Fields["budget"]);
        var found = await new LeadQuery(database.Database, new FixedOrganizationScope(org)).PageAsync(LeadFilter.Default with { Search = "lead 10" });
        Assert.Equal(2, found.Total); // the original and its copy, both searchable
    }

    [SkippableFact]
    public async Task A_selection_by_search_acts_on_the_leads_the_search_finds()
    {
        var action = await RunAsync(Actions().ChangeStatusAsync(LeadSelection.AllMatching(LeadFilter.Default with { Search = "quentin" }), LeadStatus.DoNotCall));

        Assert.Equal(1, action.Affected);
        await using var db = database.Context(org);
        Assert.Equal(LeadStatus.DoNotCall, (await db.Leads.SingleAsync(l => l.Name == "Quentin Marsh")).Status);
        Assert.Equal(1, await db.Leads.CountAsync(l => l.Status == LeadStatus.DoNotCall));
    }

    [SkippableFact]
    public async Task Another_organization_selects_none_of_these_leads_and_cannot_move_to_these_campaigns()
    {
        var theirs = Actions(otherOrg);

        var start = await theirs.ChangeStatusAsync(LeadSelection.Of(springLeads), LeadStatus.DoNotCall);
        Assert.False(start.Started);
        Assert.Equal("No lead is selected.", start.Error);
        Assert.Null(await theirs.PreviewMoveAsync(LeadSelection.Of([otherLead]), autumn.Id));
        Assert.False((await theirs.MoveAsync(LeadSelection.Of([otherLead]), autumn.Id)).Started);
        var everything = await RunAsync(theirs.ChangeStatusAsync(LeadSelection.AllMatching(LeadFilter.Default), LeadStatus.DoNotCall), otherOrg);
        Assert.Equal(1, everything.Affected);
        Assert.Empty(await Actions().HistoryAsync());
        Assert.Null(await Actions().FindAsync(everything.Id));

        await using var db = database.Context(org);
        Assert.Equal(0, await db.Leads.CountAsync(l => l.Status == LeadStatus.DoNotCall));
        Assert.Equal(0, await db.Activities.CountAsync());
    }

    [SkippableFact]
    public async Task The_audit_trail_lists_each_action_newest_first_with_who_what_and_how_many()
    {
        await RunAsync(Actions().CancelFollowUpsAsync(LeadSelection.Of(springLeads.Take(2))));
        await RunAsync(Actions().ChangeStatusAsync(LeadSelection.AllMatching(Callbacks), LeadStatus.NotInterested));

        var history = await Actions().HistoryAsync();

        Assert.Equal(["Status → Not interested", "Cancel scheduled follow-ups"], history.Select(a => a.Description));
        Assert.Equal("20 leads matching status Callback", history[0].SelectionLabel);
        Assert.Equal("2 leads chosen one by one", history[1].SelectionLabel);
        Assert.All(history, a => Assert.Equal(("Sam Rivera", BulkActionState.Completed), (a.StartedBy, a.State)));
    }

    [SkippableFact]
    public async Task Exporting_a_selection_records_it_and_streams_exactly_the_selected_leads()
    {
        var start = await Actions().StartExportAsync(LeadSelection.Of([springLeads[18], springLeads[5], otherLead]));

        var export = await Actions().ExportAsync(start.Id!.Value);
        var rows = await export!.Value.Rows.ToListAsync();
        Assert.Equal(["Lead 18", "Quentin Marsh"], rows.Select(r => r.Lead.Name).Order());
        Assert.Equal("1,200", rows.Single(r => r.Lead.Name == "Lead 18").Fields["budget"]);
        Assert.Contains("budget", export.Value.FieldKeys);
        var recorded = (await Actions().HistoryAsync()).Single();
        Assert.Equal((BulkActionKind.Export, 2, "Sam Rivera"), (recorded.Kind, recorded.Selected, recorded.StartedBy));
        Assert.Null(await Actions(otherOrg).ExportAsync(start.Id!.Value));
    }

    [SkippableFact]
    public async Task Deleting_removes_the_leads_with_their_timeline_and_undo_puts_everything_back_with_the_same_ids()
    {
        await RunAsync(Actions().ChangeStatusAsync(LeadSelection.Of(springLeads.Take(3)), LeadStatus.Contacted)); // timeline entries to keep
        await using (var db = database.Context(org))
        {
            db.Notes.Add(new Note { LeadId = springLeads[0], AuthorId = "sam", Author = "Sam", Text = "Wants a call in May", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        var selection = LeadSelection.AllMatching(LeadFilter.Default with { CampaignId = spring.Id, Search = "lead" });
        var before = await SnapshotAsync();

        var preview = await Actions().PreviewDeleteAsync(selection);
        Assert.Equal((19, 3), preview); // "Lead 0" to "Lead 19" but Quentin Marsh (5); three have a status change each

        var delete = await RunAsync(Actions().DeleteAsync(selection));
        Assert.Equal((BulkActionState.Completed, 19), (delete.State, delete.Affected));
        await using (var db = database.Context(org))
        {
            Assert.Equal(2, await db.Leads.CountAsync(l => l.CampaignId == spring.Id));
            Assert.Equal(0, await db.Activities.CountAsync());
            Assert.Equal(0, await db.Notes.CountAsync());
            Assert.Equal(1, await db.FollowUps.CountAsync()); // Quentin's
        }
        Assert.Equal(0, (await new LeadQuery(database.Database, new FixedOrganizationScope(org)).PageAsync(LeadFilter.Default with { Search = "lead 7" })).Total);

        var undo = await RunAsync(Actions().UndoDeleteAsync(delete.Id));

        Assert.Equal((BulkActionState.Completed, 19), (undo.State, undo.Affected));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(1, (await new LeadQuery(database.Database, new FixedOrganizationScope(org)).PageAsync(LeadFilter.Default with { Search = "lead 7" })).Total);
        var again = await Actions().UndoDeleteAsync(delete.Id);
        Assert.False(again.Started);
    }

    [SkippableFact]
    public async Task Undo_is_refused_and_changes_nothing_once_a_deleted_leads_number_is_back_in_its_campaign()
    {
        var delete = await RunAsync(Actions().DeleteAsync(LeadSelection.Of(springLeads.Take(2))));
        await using (var db = database.Context(org))
        {
            db.Leads.Add(new Lead { CampaignId = spring.Id, Name = "Imported again", Phone = "+14155550101", Status = LeadStatus.New, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var undo = await RunAsync(Actions().UndoDeleteAsync(delete.Id));

        Assert.Equal(BulkActionState.Failed, undo.State);
        Assert.Contains("1 of the deleted leads' numbers are in their campaign again", undo.Message);
        await using var after = database.Context(org);
        Assert.False(await after.Leads.AnyAsync(l => l.Id == springLeads[0] || l.Id == springLeads[1]));
        Assert.Null((await after.BulkActions.SingleAsync(a => a.Id == delete.Id)).UndoneAt);
    }

    [SkippableFact]
    public async Task An_action_a_stopped_server_left_running_shows_as_failed_after_a_restart()
    {
        await using (var db = database.Context(org))
        {
            db.BulkActions.Add(new BulkAction
            {
                Kind = BulkActionKind.ChangeStatus, Status = LeadStatus.Qualified, Description = "Status → Qualified", Selection = "ids:1",
                SelectionLabel = "1 lead chosen one by one", StartedBy = "Sam Rivera", StartedById = "sam", State = BulkActionState.Running,
                Node = "test", CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await jobs.RecoverInterruptedAsync());

        var action = (await Actions().HistoryAsync()).Single();
        Assert.Equal(BulkActionState.Failed, action.State);
        Assert.Contains("no lead was changed", action.Message);
    }

    /// <summary>Every lead, activity, follow-up and note of the organization, as text, to compare before and after.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = database.Context(org);
        var leads = await db.Leads.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
        var activities = await db.Activities.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var followUps = await db.FollowUps.AsNoTracking().OrderBy(f => f.Id).ToListAsync();
        var notes = await db.Notes.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            leads = leads.Select(l => new { l.Id, l.Name, l.Phone, l.Status, l.CampaignId, l.Fields, l.CreatedAt, l.UpdatedAt, l.NextFollowUpAt, l.LastActivityAt }),
            activities = activities.Select(a => new { a.Id, a.LeadId, a.Kind, a.StatusFrom, a.StatusTo, a.Actor, a.OccurredAt }),
            followUps = followUps.Select(f => new { f.Id, f.LeadId, f.State, f.DueAt, f.Attempt }),
            notes = notes.Select(n => new { n.Id, n.LeadId, n.Text, n.CreatedAt }),
        });
    }

    private async Task<int> QualifiedLeadAsync()
    {
        await using var db = database.Context(org);
        return await db.Leads.Where(l => l.Status == LeadStatus.Qualified).Select(l => l.Id).SingleAsync();
    }
}

public sealed class LeadBulkActionsOnSqliteTests() : LeadBulkActionsTests(DatabaseProvider.Sqlite);

public sealed class LeadBulkActionsOnPostgresTests() : LeadBulkActionsTests(DatabaseProvider.Postgres);
