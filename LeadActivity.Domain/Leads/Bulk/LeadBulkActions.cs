using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Leads.Bulk;

/// <summary>A bulk action as the page and the audit trail show it, with its step while it runs on this server.</summary>
public sealed record BulkActionView(BulkAction Action, BulkProgress? Progress)
{
    public bool IsFinished => Action.State is BulkActionState.Completed or BulkActionState.Failed;
}

/// <summary>The outcome of asking for a bulk action: queued (its id), or why not.</summary>
public sealed record BulkStart(int? Id, string? Error)
{
    public bool Started => Id is not null;
}

/// <summary>
/// Bulk actions on a selection of the organization's leads, for the person signed in: each is recorded (the audit
/// trail: who, when, what, on what, how many) and queued as a job (<see cref="LeadBulkJobs"/>). Everything is within
/// the scope's organization: ids and campaigns of another organization select and find nothing.
/// </summary>
public sealed class LeadBulkActions(LeadActivityDatabase database, IOrganizationScope scope, ICurrentUser user, TimeProvider clock, LeadBulkJobs jobs)
{
    /// <summary>How many leads the selection holds now (the selection bar's "all N matching").</summary>
    public Task<int> CountAsync(LeadSelection selection, CancellationToken cancellationToken = default) =>
        LeadBulkWork.CountAsync(database, scope.OrganizationId, selection, cancellationToken);

    /// <summary>Sets every selected lead's status, recorded on each timeline; a final status cancels scheduled retries.</summary>
    public Task<BulkStart> ChangeStatusAsync(LeadSelection selection, LeadStatus status, CancellationToken cancellationToken = default) =>
        StartAsync(selection, BulkActionKind.ChangeStatus, $"Status → {status.Label()}", a => a.Status = status, cancellationToken);

    /// <summary>Cancels every scheduled follow-up of the selected leads, each recorded on its lead's timeline.</summary>
    public Task<BulkStart> CancelFollowUpsAsync(LeadSelection selection, CancellationToken cancellationToken = default) =>
        StartAsync(selection, BulkActionKind.CancelFollowUps, "Cancel scheduled follow-ups", _ => { }, cancellationToken);

    /// <summary>What moving the selection to the campaign would do (moved / skipped and why); null when there is no such campaign.</summary>
    public Task<BulkOutcome?> PreviewMoveAsync(LeadSelection selection, int targetCampaignId, CancellationToken cancellationToken = default) =>
        LeadBulkWork.PreviewMoveAsync(database, scope.OrganizationId, selection, targetCampaignId, cancellationToken);

    /// <summary>Moves the selected leads to another campaign, skipping the duplicates and refused values the preview counted.</summary>
    public Task<BulkStart> MoveAsync(LeadSelection selection, int targetCampaignId, CancellationToken cancellationToken = default) =>
        ToCampaignAsync(selection, targetCampaignId, BulkActionKind.MoveToCampaign, "Move", cancellationToken);

    /// <summary>
    /// Copies the selected leads into another campaign as new leads (status New, no history), skipping the same
    /// duplicates and refused values as a move (<see cref="PreviewMoveAsync"/> counts them).
    /// </summary>
    public Task<BulkStart> CopyAsync(LeadSelection selection, int targetCampaignId, CancellationToken cancellationToken = default) =>
        ToCampaignAsync(selection, targetCampaignId, BulkActionKind.CopyToCampaign, "Copy", cancellationToken);

    private async Task<BulkStart> ToCampaignAsync(LeadSelection selection, int targetCampaignId, BulkActionKind kind, string verb, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext(scope.OrganizationId);
        var target = await db.Campaigns.Where(c => c.Id == targetCampaignId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        if (target is null)
            return new BulkStart(null, "That campaign was not found.");
        return await StartAsync(selection, kind, $"{verb} to {target}", a => a.TargetCampaignId = targetCampaignId, cancellationToken);
    }

    /// <summary>
    /// Records an export of the selection in the audit trail and returns its id, whose CSV <see cref="ExportAsync"/>
    /// then streams (the download reads the selection as it is then).
    /// </summary>
    public async Task<BulkStart> StartExportAsync(LeadSelection selection, CancellationToken cancellationToken = default)
    {
        var count = await CountAsync(selection, cancellationToken);
        if (count == 0)
            return new BulkStart(null, "No lead is selected.");
        var action = NewAction(selection, BulkActionKind.Export, "Export as CSV", count);
        action.State = BulkActionState.Completed;
        action.Affected = count;
        action.FinishedAt = action.CreatedAt;
        await using var db = database.CreateContext(scope.OrganizationId);
        db.BulkActions.Add(action);
        await db.SaveChangesAsync(cancellationToken);
        return new BulkStart(action.Id, null);
    }

    /// <summary>
    /// The rows of an export recorded by <see cref="StartExportAsync"/> and the custom field columns, in the view's
    /// order (by last activity for ticked rows); null when the organization has no such export.
    /// </summary>
    public async Task<(IReadOnlyList<string> FieldKeys, IAsyncEnumerable<LeadExportRow> Rows)?> ExportAsync(int bulkActionId, CancellationToken cancellationToken = default)
    {
        var organizationId = scope.OrganizationId;
        await using var db = database.CreateContext(organizationId);
        var action = await db.BulkActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == bulkActionId && a.Kind == BulkActionKind.Export, cancellationToken);
        if (action is null)
            return null;
        var selection = LeadSelection.FromStored(action.Selection);
        var campaignId = selection.Filter?.CampaignId;
        // The columns the Leads page's export writes for the same view (CampaignDirectory.FieldKeysAsync).
        var fieldKeys = (await db.Campaigns.AsNoTracking().Where(c => campaignId == null || c.Id == campaignId).OrderBy(c => c.Id).Select(c => c.Fields).ToListAsync(cancellationToken))
            .SelectMany(fields => fields.Select(f => f.Key)).Distinct().ToList();
        var query = new LeadQuery(database, new FixedOrganizationScope(organizationId));
        var rows = query.ExportAsync(selection.Filter ?? LeadFilter.Default,
            (connection, token) => LeadBulkWork.WhereAsync(database, connection, organizationId, selection, token), cancellationToken);
        return (fieldKeys, rows);
    }

    /// <summary>What deleting the selection would remove: how many leads, and timeline entries with them.</summary>
    public Task<(int Leads, int Entries)> PreviewDeleteAsync(LeadSelection selection, CancellationToken cancellationToken = default) =>
        LeadBulkWork.PreviewDeleteAsync(database, scope.OrganizationId, selection, cancellationToken);

    /// <summary>Deletes the selected leads with their timelines, follow-ups and notes, kept so <see cref="UndoDeleteAsync"/> can restore them.</summary>
    public Task<BulkStart> DeleteAsync(LeadSelection selection, CancellationToken cancellationToken = default) =>
        StartAsync(selection, BulkActionKind.Delete, "Delete", _ => { }, cancellationToken);

    /// <summary>
    /// Restores what a completed delete removed, as a job of its own (recorded in the audit trail): refused while it
    /// runs when it was undone already or a deleted lead's number is back in its campaign.
    /// </summary>
    public async Task<BulkStart> UndoDeleteAsync(int deleteId, CancellationToken cancellationToken = default)
    {
        var organizationId = scope.OrganizationId;
        BulkAction undo;
        await using (var db = database.CreateContext(organizationId))
        {
            var delete = await db.BulkActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == deleteId && a.Kind == BulkActionKind.Delete, cancellationToken);
            if (delete is null)
                return new BulkStart(null, "That delete was not found.");
            if (delete.State != BulkActionState.Completed || delete.UndoneAt is not null)
                return new BulkStart(null, "That delete cannot be undone: it was undone already, or did not complete.");
            undo = NewAction(LeadSelection.Of([]), BulkActionKind.UndoDelete, "Undo delete", delete.Affected);
            undo.UndoOf = deleteId;
            undo.SelectionLabel = $"the {delete.Affected:N0} leads deleted by {delete.StartedBy}";
            db.BulkActions.Add(undo);
            await db.SaveChangesAsync(cancellationToken);
        }
        jobs.Enqueue(organizationId, undo.Id);
        return new BulkStart(undo.Id, null);
    }

    /// <summary>An action of the organization, with its step while it runs here; null when there is none.</summary>
    public async Task<BulkActionView?> FindAsync(int bulkActionId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext(scope.OrganizationId);
        var action = await db.BulkActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == bulkActionId, cancellationToken);
        return action is null ? null : new BulkActionView(action, jobs.Progress(bulkActionId, scope.OrganizationId));
    }

    /// <summary>The audit trail: the organization's bulk actions, newest first.</summary>
    public async Task<IReadOnlyList<BulkAction>> HistoryAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext(scope.OrganizationId);
        return await db.BulkActions.AsNoTracking().OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    private async Task<BulkStart> StartAsync(LeadSelection selection, BulkActionKind kind, string description, Action<BulkAction> set,
        CancellationToken cancellationToken)
    {
        var organizationId = scope.OrganizationId;
        if (organizationId == 0)
            return new BulkStart(null, "Sign in to change leads.");
        var count = await CountAsync(selection, cancellationToken);
        if (count == 0)
            return new BulkStart(null, "No lead is selected.");
        var action = NewAction(selection, kind, description, count);
        set(action);
        await using (var db = database.CreateContext(organizationId))
        {
            db.BulkActions.Add(action);
            await db.SaveChangesAsync(cancellationToken);
        }
        jobs.Enqueue(organizationId, action.Id);
        return new BulkStart(action.Id, null);
    }

    private BulkAction NewAction(LeadSelection selection, BulkActionKind kind, string description, int count) => new()
    {
        Kind = kind,
        Description = description,
        Selection = selection.ToStored(),
        SelectionLabel = Describe(selection, count),
        StartedBy = user.Name,
        StartedById = user.Id,
        State = BulkActionState.Queued,
        Selected = count,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    private static string Describe(LeadSelection selection, int count)
    {
        var leads = count == 1 ? "1 lead" : $"{count:N0} leads";
        if (selection.Filter is not { } filter)
            return $"{leads} chosen one by one";
        var parts = new List<string>();
        if (filter.Statuses.Count > 0)
            parts.Add("status " + string.Join(" or ", filter.Statuses.Select(s => s.Label())));
        if (filter.CampaignId is { } campaignId)
            parts.Add($"campaign #{campaignId}");
        if (filter.Search is { } search)
            parts.Add($"search “{search}”");
        return parts.Count == 0 ? $"all {leads}" : $"{leads} matching {string.Join(", ", parts)}";
    }
}
