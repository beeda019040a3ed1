using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// A named view of the Leads page: its filters, search, sort and columns, kept as the query string the page's URL
/// carries (<see cref="LeadFilter.ToQuery"/>), so opening it is going to that address. Its owner's alone, or shared with
/// the organization.
/// </summary>
public sealed class SavedLeadView : IOrganizationOwned
{
    public const int MaxNameLength = 80;
    public const int MaxQueryLength = 4000;

    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Name { get; set; }

    /// <summary>The view's query string without its leading "?" (page left out: a view opens at its first page).</summary>
    public required string Query { get; set; }

    public bool Shared { get; set; }
    public required string OwnerId { get; set; }
    public required string OwnerName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
