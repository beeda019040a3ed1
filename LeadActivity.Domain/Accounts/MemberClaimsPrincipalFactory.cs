using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadActivity.Domain.Accounts;

/// <summary>
/// Puts the member's organization, name and role into the sign-in cookie, so every request and circuit knows its
/// organization without a database look-up. Identity re-issues the cookie when the security stamp is validated, so a
/// changed role or a removed account reaches open sessions within the validation interval.
/// </summary>
public sealed class MemberClaimsPrincipalFactory(UserManager<LeadActivityUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<LeadActivityUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(LeadActivityUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(MemberClaims.OrganizationId, user.OrganizationId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(MemberClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, MemberClaims.RoleName(user.Role)));
        if (user.MustChangePassword)
            identity.AddClaim(new Claim(MemberClaims.MustChangePassword, "true"));
        return identity;
    }
}
