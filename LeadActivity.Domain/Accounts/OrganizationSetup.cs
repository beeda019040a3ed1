using System.Text.RegularExpressions;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Accounts;

/// <summary>A new organization and its first admin, who signs in with <see cref="OneTimePassword"/>.</summary>
public sealed record CreatedOrganization(int OrganizationId, string Slug, string Email, string OneTimePassword);

/// <summary>
/// Creates organizations with their first admin: how a real installation (demo off) gets its first sign-in, from the
/// command line, and how the demo seed creates its sign-ins. Runs before the host exists, so it uses Identity's hasher
/// and normalizer directly rather than a <see cref="UserManager{TUser}"/>.
/// </summary>
public static partial class OrganizationSetup
{
    private static readonly PasswordHasher<LeadActivityUser> Hasher = new();
    private static readonly UpperInvariantLookupNormalizer Normalizer = new();

    /// <exception cref="ArgumentException">An empty name, or an email address already in use; the message says which.</exception>
    public static async Task<CreatedOrganization> CreateAsync(LeadActivityDatabase database, string organizationName, string email, string adminName,
        DateTime now, CancellationToken cancellationToken = default)
    {
        organizationName = organizationName.Trim();
        email = email.Trim();
        if (organizationName.Length is 0 or > 200)
            throw new ArgumentException("Name the organization (up to 200 characters).");
        if (!email.Contains('@', StringComparison.Ordinal))
            throw new ArgumentException($"“{email}” is not an email address.");
        await using var db = database.CreateContext(0);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == Normalizer.NormalizeEmail(email), cancellationToken))
            throw new ArgumentException($"An account with {email} already exists.");

        var slug = Slug(organizationName);
        for (var n = 2; await db.Organizations.IgnoreQueryFilters().AnyAsync(o => o.Slug == slug, cancellationToken); n++)
            slug = $"{Slug(organizationName)}-{n}";
        var organization = new Organization { Name = organizationName, Slug = slug, CreatedAt = now };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);

        var password = Accounts.OneTimePassword.Create();
        db.Users.Add(NewUser(organization.Id, email, adminName.Trim() is { Length: > 0 } name ? name : email, OrganizationRole.Admin, password, mustChangePassword: true, now));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedOrganization(organization.Id, slug, email, password);
    }

    /// <summary>Adds a sign-in with <paramref name="password"/> to an organization unless the email is taken; true when it did.</summary>
    public static async Task<bool> EnsureAccountAsync(LeadActivityDatabase database, int organizationId, string email, string displayName, string password,
        OrganizationRole role, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext(organizationId);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == Normalizer.NormalizeEmail(email), cancellationToken))
            return false;
        db.Users.Add(NewUser(organizationId, email, displayName, role, password, mustChangePassword: false, now));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static LeadActivityUser NewUser(int organizationId, string email, string displayName, OrganizationRole role, string password, bool mustChangePassword, DateTime now)
    {
        var user = new LeadActivityUser
        {
            UserName = email, NormalizedUserName = Normalizer.NormalizeName(email),
            Email = email, NormalizedEmail = Normalizer.NormalizeEmail(email), EmailConfirmed = true,
            DisplayName = displayName, Role = role, OrganizationId = organizationId, MustChangePassword = mustChangePassword,
            SecurityStamp = Guid.NewGuid().ToString(), ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true, CreatedAt = now,
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        return user;
    }

    private static string Slug(string name) => NotSlug().Replace(name.ToLowerInvariant(), "-").Trim('-') is { Length: > 0 } slug ? slug[..Math.Min(slug.Length, 48)] : "organization";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
