using LeadActivity.Domain.Organizations;

namespace LeadActivity.App.Hosting;

/// <summary>The organization the app serves, found while the database is prepared at start-up.</summary>
internal sealed class DefaultOrganization
{
    public int Id { get; set; }
}

/// <summary>
/// The organization of the current circuit or request: the API key's organization on the ingestion API, otherwise
/// (until sign-in exists) the default organization. Accounts will resolve it from the signed-in user here, and
/// nowhere else.
/// </summary>
internal sealed class CurrentOrganization(DefaultOrganization organization) : IOrganizationScope
{
    private int? _apiKeyOrganization;

    public int OrganizationId => _apiKeyOrganization ?? organization.Id;

    public void UseApiKeyOrganization(int organizationId) => _apiKeyOrganization = organizationId;
}
