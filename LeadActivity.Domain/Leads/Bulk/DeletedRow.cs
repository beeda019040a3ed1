using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Leads.Bulk;

/// <summary>
/// A row a bulk delete removed (a lead, or one of its activities, follow-ups or notes), kept whole so the delete can be
/// undone: its columns as JSON, by column name. A lead's campaign and number are kept beside it, so an undo can tell
/// whether a lead with that number has been added to the campaign since.
/// </summary>
public sealed class DeletedRow : IOrganizationOwned
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public int BulkActionId { get; set; }

    /// <summary>The table it came from: <c>Leads</c>, <c>Activities</c>, <c>FollowUps</c> or <c>Notes</c>.</summary>
    public required string TableName { get; set; }

    public long RowId { get; set; }
    public int? CampaignId { get; set; }
    public string? Phone { get; set; }
    public required string Data { get; set; }
}
