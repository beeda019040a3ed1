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
    // One immutable snapshot, swapped whole: a circuit's auth-state change must never be read half-applied.
    private Member _member = Member.Nobody;

    public int OrganizationId => _member.OrganizationId;
    public string Id => _member.Id;
    public string Name => _member.Name;
    public OrganizationRole Role => _member.Role;

    /// <summary>Takes the principal of the request (middleware) or of the circuit (<see cref="MemberCircuitHandler"/>).</summary>
    public void Use(ClaimsPrincipal user)
    {
        var organization = 0;
        var signedIn = user.Identity?.IsAuthenticated == true
            && int.TryParse(user.FindFirstValue(MemberClaims.OrganizationId), NumberStyles.None, CultureInfo.InvariantCulture, out organization)
            && organization > 0;
        Volatile.Write(ref _member, signedIn
            ? new Member(organization, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                user.FindFirstValue(MemberClaims.DisplayName) ?? user.Identity!.Name ?? "",
                user.IsInRole(MemberClaims.AdminRole) ? OrganizationRole.Admin : OrganizationRole.Member)
            : Member.Nobody);
    }

    private sealed record Member(int OrganizationId, string Id, string Name, OrganizationRole Role)
    {
        public static readonly Member Nobody = new(0, "", "", OrganizationRole.Member);
    }
}
