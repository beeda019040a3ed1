namespace LeadActivity.Domain.Organizations;

/// <summary>A customer of LeadActivity. Every other row belongs to exactly one organization.</summary>
public sealed class Organization
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Stable short name used in settings and seeds, e.g. <c>demo</c>.</summary>
    public required string Slug { get; set; }

    public DateTime CreatedAt { get; set; }
}
