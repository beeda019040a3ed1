using System.Security.Cryptography;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.ApiKeys;

/// <summary>An API key as the settings page lists it; the key itself is never kept.</summary>
public sealed record ApiKeyView(int Id, string Name, string? Hint, string? CreatedBy, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A new key: <see cref="Secret"/> is shown once, then only its hash exists.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>The organization's API keys: create (shown once), list, revoke. Only admins create and revoke.</summary>
public sealed class ApiKeyService(IDbContextFactory<LeadActivityDbContext> dbFactory, ICurrentUser currentUser, ApiKeyCache cache, TimeProvider clock)
{
    public const string Prefix = "la_";

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking()
            .OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyView(k.Id, k.Name, k.Hint, k.CreatedBy, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    /// <exception cref="ApiKeyException">Not an admin, or a name that is empty or too long.</exception>
    public async Task<CreatedApiKey> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        RequireAdmin();
        name = name.Trim();
        if (name.Length is 0 or > 100)
            throw new ApiKeyException("Name the key after what will use it, e.g. “Production agent” (up to 100 characters).");
        // 32 random bytes: nothing to guess, which is why an unsalted hash is enough to store it.
        var secret = Prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = name, KeyHash = ApiKey.Hash(secret), Hint = ApiKey.HintOf(secret), CreatedBy = currentUser.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(new ApiKeyView(key.Id, key.Name, key.Hint, key.CreatedBy, key.CreatedAt, null, null), secret);
    }

    /// <summary>Revokes the key at once on this server: requests with it are refused from now on.</summary>
    /// <returns>False when the organization has no such key.</returns>
    /// <exception cref="ApiKeyException">Not an admin.</exception>
    public async Task<bool> RevokeAsync(int keyId, CancellationToken cancellationToken = default)
    {
        RequireAdmin();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
            return false;
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        cache.Revoke(key.KeyHash);
        return true;
    }

    private void RequireAdmin()
    {
        if (currentUser.Role != OrganizationRole.Admin)
            throw new ApiKeyException("Only admins manage the organization's API keys.");
    }
}

/// <summary>A key change a user asked for that cannot be made; the message says why.</summary>
public sealed class ApiKeyException(string message) : Exception(message);
