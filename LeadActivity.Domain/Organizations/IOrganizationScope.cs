namespace LeadActivity.Domain.Organizations;

/// <summary>
/// The organization the current operation acts for. The DbContext reads it to filter every query and to
/// stamp every new row, so no service needs its own <c>Where(OrganizationId == …)</c>.
/// </summary>
public interface IOrganizationScope
{
    /// <summary>The current organization's id, or 0 when none is known (then nothing matches).</summary>
    int OrganizationId { get; }
}

/// <summary>A scope fixed at construction: background jobs, the benchmark and tests.</summary>
public sealed class FixedOrganizationScope(int organizationId) : IOrganizationScope
{
    public int OrganizationId { get; } = organizationId;
}
