using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Leads;

/// <summary>A plain-text note a team member leaves on a lead.</summary>
public sealed class Note : IOrganizationOwned
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public int LeadId { get; set; }
    /// <summary>The author's user id: only they may edit or delete the note.</summary>
    public required string AuthorId { get; set; }

    public required string Author { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
}
