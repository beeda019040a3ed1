using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.ApiKeys;

/// <summary>
/// Finds the organization an API key belongs to. Keys are compared by hash; revoked keys open nothing. A key known
/// good is remembered for a few seconds, so an agent posting hundreds of events a second costs one lookup, not
/// hundreds; revoking a key therefore takes effect within <see cref="Remembered"/>.
/// </summary>
public sealed class ApiKeyAuthenticator(IDbContextFactory<LeadActivityDbContext> dbFactory, TimeProvider clock, ApiKeyCache cache)
{
    public static readonly TimeSpan Remembered = TimeSpan.FromSeconds(10);

    /// <summary>The key's organization, or null for a missing, unknown or revoked key.</summary>
    public async Task<int?> FindOrganizationAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
            return null;
        var hash = ApiKey.Hash(key.Trim());
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache.IsRevoked(hash))
            return null;
        if (cache.TryGetValue(hash, out var known) && now - known.CheckedAt < Remembered)
            return known.OrganizationId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Before the key is known there is no organization to scope by: this lookup is the one that finds it.
        var apiKey = await db.ApiKeys.IgnoreQueryFilters().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
        if (apiKey is null)
        {
            cache.TryRemove(hash, out _);
            return null;
        }
        // A revoke that landed while this look-up ran must not be undone by caching what it read.
        if (cache.IsRevoked(hash))
            return null;
        cache[hash] = (apiKey.OrganizationId, now);
        if (apiKey.LastUsedAt is null || now - apiKey.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == apiKey.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        return apiKey.OrganizationId;
    }
}

/// <summary>Keys checked recently, by hash: the organization and when it was checked; and keys revoked on this server.</summary>
public sealed class ApiKeyCache : System.Collections.Concurrent.ConcurrentDictionary<string, (int OrganizationId, DateTime CheckedAt)>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _revoked = new();

    /// <summary>Forgets the key and refuses it from now on, whatever a look-up running meanwhile read.</summary>
    public void Revoke(string hash)
    {
        _revoked[hash] = 0;
        TryRemove(hash, out _);
    }

    public bool IsRevoked(string hash) => _revoked.ContainsKey(hash);
}
