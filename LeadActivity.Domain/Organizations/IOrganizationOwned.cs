namespace LeadActivity.Domain.Organizations;

/// <summary>Marks an entity whose rows are scoped to one organization by the DbContext's query filter.</summary>
public interface IOrganizationOwned
{
    int OrganizationId { get; set; }
}
