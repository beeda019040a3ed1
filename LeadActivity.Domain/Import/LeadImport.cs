using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Import;

public enum LeadImportState { Queued, Running, Completed, Failed, Cancelled, Undone }

/// <summary>What an import does with a row whose number is already a lead of the campaign.</summary>
public enum ExistingLeadAction { Skip, Update }

/// <summary>One CSV import into a campaign: who started it, from which file, and what it did.</summary>
public sealed class LeadImport : IOrganizationOwned
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int CampaignId { get; set; }
    public required string FileName { get; set; }

    /// <summary>The connected source a pull came from; null for a CSV upload.</summary>
    public int? SourceId { get; set; }
    public required string StartedBy { get; set; }
    public required string StartedById { get; set; }
    public ExistingLeadAction Existing { get; set; }
    public LeadImportState State { get; set; }

    /// <summary>Data rows in the file, as the preview counted them (for the progress bar).</summary>
    public int Rows { get; set; }

    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Rejected { get; set; }

    /// <summary>Why the import failed or was cancelled, in words for the user.</summary>
    public string? Message { get; set; }

    /// <summary>The app server running the import (see <see cref="LeadImportJobs"/>); null until one takes it.</summary>
    public string? Node { get; set; }

    /// <summary>When the running node last said it is still at it: an import whose heartbeat stops died with its node.</summary>
    public DateTime? HeartbeatAt { get; set; }

    /// <summary>
    /// Rows written so far while it runs, as its node last wrote them (about every second where nodes share the
    /// database): what another node shows as its progress.
    /// </summary>
    public int RowsDone { get; set; }

    /// <summary>Someone asked, on any node, to cancel it: the node running it stops and rolls it back.</summary>
    public bool CancelRequested { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

/// <summary>
/// A committed import's rejected rows as the CSV the user downloads (the file's columns plus <c>error</c>), kept in the
/// database so every node serves them.
/// </summary>
public sealed class LeadImportRejectedRows : IOrganizationOwned
{
    public int ImportId { get; set; }
    public int OrganizationId { get; set; }
    public required byte[] Csv { get; set; }
}
