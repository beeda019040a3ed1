using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.ApiKeys;

/// <summary>Finds the organization an API key belongs to. Keys are compared by hash; revoked keys open nothing.</summary>
public sealed class ApiKeyAuthenticator(IDbContextFactory<LeadActivityDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The key's organization, or null for a missing, unknown or revoked key.</summary>
    public async Task<int?> FindOrganizationAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
            return null;
        var hash = ApiKey.Hash(key.Trim());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Before the key is known there is no organization to scope by: this lookup is the one that finds it.
        var apiKey = await db.ApiKeys.IgnoreQueryFilters().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
        if (apiKey is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (apiKey.LastUsedAt is null || now - apiKey.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == apiKey.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        return apiKey.OrganizationId;
    }
}
