using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Leads.Bulk;

public enum BulkActionKind { ChangeStatus, CancelFollowUps, MoveToCampaign, Export, Delete, UndoDelete, CopyToCampaign }

public enum BulkActionState { Queued, Running, Completed, Failed }

/// <summary>
/// One bulk action on leads, as the audit trail keeps it: who asked for what on which selection, when, and what it did.
/// While it is queued or running, it is also the job's record (any app server reads its state here).
/// </summary>
public sealed class BulkAction : IOrganizationOwned
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public BulkActionKind Kind { get; set; }

    /// <summary>The status set, for <see cref="BulkActionKind.ChangeStatus"/>.</summary>
    public LeadStatus? Status { get; set; }

    /// <summary>The campaign leads move or are copied to.</summary>
    public int? TargetCampaignId { get; set; }

    /// <summary>The delete an <see cref="BulkActionKind.UndoDelete"/> undoes.</summary>
    public int? UndoOf { get; set; }

    /// <summary>When a delete was undone (then it cannot be undone again).</summary>
    public DateTime? UndoneAt { get; set; }

    /// <summary>What was done, in words, as the audit trail shows it ("Status → Qualified").</summary>
    public required string Description { get; set; }

    /// <summary>The selection, as <see cref="LeadSelection"/> stores it (re-read when the job runs).</summary>
    public required string Selection { get; set; }

    /// <summary>The selection in words ("3,214 leads matching status Callback").</summary>
    public required string SelectionLabel { get; set; }

    public required string StartedBy { get; set; }
    public required string StartedById { get; set; }
    public BulkActionState State { get; set; }

    /// <summary>Leads the selection held when the action ran.</summary>
    public int Selected { get; set; }

    /// <summary>Leads the action changed.</summary>
    public int Affected { get; set; }

    /// <summary>Leads it left alone (already so, a duplicate in the target, a field the target refuses).</summary>
    public int Skipped { get; set; }

    /// <summary>Why leads were skipped, or why the action failed, in words for the user.</summary>
    public string? Message { get; set; }

    /// <summary>The app server that ran it.</summary>
    public string? Node { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}
