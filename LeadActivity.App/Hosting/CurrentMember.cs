using System.Globalization;
using System.Security.Claims;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Organizations;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Who is acting and for which organization, read from the request's or circuit's principal: a signed-in member's
/// cookie, or the ingestion API's key. This is the only place the organization comes from; no URL or body can name it.
/// Without a principal the organization is 0, which matches nothing.
/// </summary>
internal sealed class CurrentMember : IOrganizationScope, ICurrentUser
{
    public int OrganizationId { get; private set; }
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public OrganizationRole Role { get; private set; }

    /// <summary>Takes the principal of the request (middleware) or of the circuit (<see cref="MemberCircuitHandler"/>).</summary>
    public void Use(ClaimsPrincipal user)
    {
        var organization = 0;
        var signedIn = user.Identity?.IsAuthenticated == true
            && int.TryParse(user.FindFirstValue(MemberClaims.OrganizationId), NumberStyles.None, CultureInfo.InvariantCulture, out organization)
            && organization > 0;
        OrganizationId = signedIn ? organization : 0;
        Id = signedIn ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "" : "";
        Name = signedIn ? user.FindFirstValue(MemberClaims.DisplayName) ?? user.Identity!.Name ?? "" : "";
        Role = signedIn && user.IsInRole(MemberClaims.AdminRole) ? OrganizationRole.Admin : OrganizationRole.Member;
    }
}
