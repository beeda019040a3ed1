using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Domain.Accounts;

/// <summary>A member of the organization as the settings page lists them.</summary>
public sealed record MemberView(
    string Id, string Email, string DisplayName, OrganizationRole Role, bool MustChangePassword, DateTime CreatedAt,
    DateTime? LastSignInAt, DateTimeOffset? LockedUntil, bool IsYou);

/// <summary>
/// The organization's people: list, invite (an account with a one-time password), change role, reset password,
/// remove. Only admins change anything; an organization always keeps an admin; a member of another organization is
/// "not found", exactly like one that does not exist.
/// </summary>
/// <remarks>
/// Identity's <see cref="UserManager{TUser}"/> keeps a DbContext for its lifetime; in a Blazor circuit that would be
/// one context for hours, so each change resolves its own from a fresh service scope.
/// </remarks>
public sealed class OrganizationMembers(
    IDbContextFactory<LeadActivityDbContext> dbFactory, IServiceScopeFactory scopes, IOrganizationScope organization,
    ICurrentUser currentUser, TimeProvider clock)
{
    public const string NotFound = "That member was not found.";
    private const string AdminsOnly = "Only admins manage the organization's members.";
    private const string LastAdmin = "An organization needs at least one admin: make someone else an admin first.";

    public async Task<IReadOnlyList<MemberView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organization.OrganizationId)
            .OrderBy(u => u.DisplayName)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return users.Select(u => new MemberView(
            u.Id, u.Email ?? u.UserName ?? "", u.DisplayName, u.Role, u.MustChangePassword, u.CreatedAt, u.LastSignInAt,
            u.LockoutEnd > now ? u.LockoutEnd : null, u.Id == currentUser.Id)).ToList();
    }

    /// <summary>Creates an account in the organization; the result's value is its one-time password, shown once.</summary>
    public async Task<ChangeResult<string>> InviteAsync(string email, string displayName, OrganizationRole role, CancellationToken cancellationToken = default)
    {
        if (currentUser.Role != OrganizationRole.Admin)
            return ChangeResult<string>.Refusal(ChangeResult.Forbidden(AdminsOnly));
        email = email.Trim();
        displayName = displayName.Trim();
        if (displayName.Length is 0 or > 200)
            return ChangeResult<string>.Refusal(ChangeResult.Invalid("Enter the member's name (up to 200 characters)."));
        if (email.Length == 0)
            return ChangeResult<string>.Refusal(ChangeResult.Invalid("Enter the member's email address."));

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadActivityUser>>();
        var password = OneTimePassword.Create();
        var user = new LeadActivityUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, Role = role,
            OrganizationId = organization.OrganizationId, MustChangePassword = true, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? ChangeResult.DoneWith(password) : ChangeResult<string>.Refusal(ChangeResult.Invalid(Describe(created)));
    }

    public Task<ChangeResult> ChangeRoleAsync(string userId, OrganizationRole role, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, async (users, user) =>
        {
            if (user.Role == role)
                return ChangeResult.Done;
            if (user.Role == OrganizationRole.Admin && await AdminCountAsync(users, cancellationToken) == 1)
                return ChangeResult.Conflict(LastAdmin);
            user.Role = role;
            // A new stamp makes open sessions pick up the new role at their next validation.
            user.SecurityStamp = Guid.NewGuid().ToString();
            return Result(await users.UpdateAsync(user));
        });

    /// <summary>
    /// Gives the member a new one-time password (the result's value) and lifts a lockout: how an admin lets someone
    /// back in.
    /// </summary>
    public async Task<ChangeResult<string>> ResetPasswordAsync(string userId, CancellationToken cancellationToken = default)
    {
        var result = await ChangeAsync(userId, async (users, user) =>
        {
            var password = OneTimePassword.Create();
            var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
            if (!reset.Succeeded)
                return ChangeResult.Invalid(Describe(reset));
            user.MustChangePassword = true;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            var updated = await users.UpdateAsync(user);
            return updated.Succeeded ? ChangeResult.DoneWith(password) : ChangeResult.Invalid(Describe(updated));
        });
        return result as ChangeResult<string> ?? ChangeResult<string>.Refusal(result);
    }

    public Task<ChangeResult> RemoveAsync(string userId, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, async (users, user) =>
        {
            if (user.Id == currentUser.Id)
                return ChangeResult.Conflict("You cannot remove yourself; ask another admin.");
            if (user.Role == OrganizationRole.Admin && await AdminCountAsync(users, cancellationToken) == 1)
                return ChangeResult.Conflict(LastAdmin);
            return Result(await users.DeleteAsync(user));
        });

    private async Task<ChangeResult> ChangeAsync(string userId, Func<UserManager<LeadActivityUser>, LeadActivityUser, Task<ChangeResult>> change)
    {
        if (currentUser.Role != OrganizationRole.Admin)
            return ChangeResult.Forbidden(AdminsOnly);
        // One change per organization at a time: two admins demoting each other at once would both count two admins.
        // The semaphore serializes this node; where other nodes change the same organization, a transaction that holds
        // the organization's member lock serializes them all.
        var gate = Gates.GetOrAdd(organization.OrganizationId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadActivityUser>>();
            // Identity's store saves through the scope's context, so its writes join this transaction.
            var db = scope.ServiceProvider.GetRequiredService<LeadActivityDbContext>();
            await using var transaction = await db.Stores.Locks.BeginLockedTransactionAsync(db, ClusterLock.Members, organization.OrganizationId, CancellationToken.None);
            var user = await users.FindByIdAsync(userId);
            if (user is null || user.OrganizationId != organization.OrganizationId)
                return ChangeResult.NotFound(NotFound);
            var result = await change(users, user);
            if (transaction is not null && result.Succeeded)
                await transaction.CommitAsync();
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, SemaphoreSlim> Gates = new();

    private Task<int> AdminCountAsync(UserManager<LeadActivityUser> users, CancellationToken cancellationToken) =>
        users.Users.CountAsync(u => u.OrganizationId == organization.OrganizationId && u.Role == OrganizationRole.Admin, cancellationToken);

    private static ChangeResult Result(IdentityResult result) => result.Succeeded ? ChangeResult.Done : ChangeResult.Invalid(Describe(result));

    private static string Describe(IdentityResult result)
    {
        // The email is also the user name: Identity reports a taken address twice, once under each name.
        var errors = result.Errors.ToList();
        if (errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateEmail)))
            errors.RemoveAll(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
        return string.Join(" ", errors.Select(e => e.Description));
    }
}
