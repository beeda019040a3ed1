using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Demo;

/// <summary>A demo sign-in from the settings file.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string Password, OrganizationRole Role = OrganizationRole.Admin);

/// <summary>
/// Creates the demo organizations' sign-ins when they are missing. It runs at start-up before the host exists, so it
/// uses Identity's hasher and normalizer directly instead of a <see cref="UserManager{TUser}"/>; an existing account
/// is left as its owner changed it.
/// </summary>
public static class DemoAccounts
{
    private static readonly PasswordHasher<LeadActivityUser> Hasher = new();
    private static readonly UpperInvariantLookupNormalizer Normalizer = new();

    /// <returns>True when the account was created now.</returns>
    public static async Task<bool> EnsureAsync(string connectionString, int organizationId, DemoAccount account, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = SqliteDatabase.CreateContext(connectionString, organizationId);
        var normalized = Normalizer.NormalizeEmail(account.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
            return false;
        var user = new LeadActivityUser
        {
            UserName = account.Email, NormalizedUserName = Normalizer.NormalizeName(account.Email),
            Email = account.Email, NormalizedEmail = normalized, EmailConfirmed = true,
            DisplayName = account.DisplayName, Role = account.Role, OrganizationId = organizationId,
            SecurityStamp = Guid.NewGuid().ToString(), ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true, CreatedAt = now,
        };
        user.PasswordHash = Hasher.HashPassword(user, account.Password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
