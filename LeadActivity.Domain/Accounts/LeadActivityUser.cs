using Microsoft.AspNetCore.Identity;

namespace LeadActivity.Domain.Accounts;

/// <summary>What a member may do in their organization.</summary>
public enum OrganizationRole
{
    /// <summary>Works with leads and campaigns.</summary>
    Member,

    /// <summary>A member who also manages the organization's users and API keys.</summary>
    Admin,
}

/// <summary>
/// A person who signs in. Accounts are ASP.NET Core Identity's (password hashing, lockout, security stamps); this adds
/// the one organization the person belongs to and their role in it. The email is the user name.
/// </summary>
/// <remarks>
/// Users are not <see cref="Organizations.IOrganizationOwned"/>: signing in looks a person up before any organization
/// is known. Everything that lists or changes members goes through <see cref="OrganizationMembers"/>, which scopes
/// to the current organization itself.
/// </remarks>
public sealed class LeadActivityUser : IdentityUser
{
    public int OrganizationId { get; set; }

    /// <summary>How the person is shown to the team (notes, status changes, imports).</summary>
    public required string DisplayName { get; set; }

    public OrganizationRole Role { get; set; }

    /// <summary>Set for an invited account's one-time password: the first sign-in must choose a new one.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }
}

/// <summary>The claims a signed-in member's cookie carries besides Identity's own.</summary>
public static class MemberClaims
{
    public const string OrganizationId = "la:org";
    public const string DisplayName = "la:name";
    public const string MustChangePassword = "la:must_change_password";

    /// <summary>Role names as they appear in role claims and <c>[Authorize(Roles = …)]</c>.</summary>
    public const string AdminRole = "admin";
    public const string MemberRole = "member";

    public static string RoleName(OrganizationRole role) => role == OrganizationRole.Admin ? AdminRole : MemberRole;
}
