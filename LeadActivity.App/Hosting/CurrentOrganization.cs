using LeadActivity.Domain.Organizations;

namespace LeadActivity.App.Hosting;

/// <summary>The organization the app serves, found at start-up.</summary>
internal sealed record DefaultOrganization(int Id);

/// <summary>
/// The organization of the current circuit or request. Until sign-in exists every user acts for the default
/// organization; accounts will resolve it from the signed-in user here, and nowhere else.
/// </summary>
internal sealed class CurrentOrganization(DefaultOrganization organization) : IOrganizationScope
{
    public int OrganizationId => organization.Id;
}
