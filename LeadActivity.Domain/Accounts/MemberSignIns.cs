using LeadActivity.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Accounts;

/// <summary>Remembers when each member last signed in, for the members list.</summary>
public sealed class MemberSignIns(IDbContextFactory<LeadActivityDbContext> dbFactory, ILookupNormalizer normalizer, TimeProvider clock)
{
    public async Task RecordAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalized = normalizer.NormalizeEmail(email);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.NormalizedEmail == normalized)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now), cancellationToken);
    }
}
