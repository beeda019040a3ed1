using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// A round's follow-ups are claimed in one transaction. FOR UPDATE OF f SKIP LOCKED locks the ones it selects and
/// passes over those another dispatcher (or the activity writer) holds, so dispatchers running at once on several
/// nodes each get their own without waiting; the claim's updates commit before the agent hears of any.
/// </summary>
internal sealed class PostgresFollowUpClaims : IFollowUpClaims
{
    public async Task<IReadOnlyList<FollowUp>> ClaimDueAsync(LeadActivityDbContext db, DateTime now, int limit, Func<Campaign, Lead, DateTime> opening,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var nowTicks = UtcTicksConverter.ToTicks(now);
        var ids = await db.Database.SqlQuery<long>($"""
            SELECT f."Id" AS "Value" FROM "FollowUps" AS f
            JOIN "Campaigns" AS c ON c."Id" = f."CampaignId"
            WHERE f."State" = 'Scheduled' AND f."DueAt" <= {nowTicks} AND c."Status" = 'Active'
            ORDER BY f."DueAt"
            LIMIT {limit}
            FOR UPDATE OF f SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (ids.Count == 0)
            return [];
        // System work: it serves every organization, so it says so.
        var due = await db.FollowUps.IgnoreQueryFilters().Where(f => ids.Contains(f.Id))
            .Join(db.Campaigns.IgnoreQueryFilters(), f => f.CampaignId, c => c.Id, (f, c) => new { f, c })
            .Join(db.Leads.IgnoreQueryFilters(), x => x.f.LeadId, l => l.Id, (x, l) => new { x.f, x.c, l })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        var claimed = new List<FollowUp>();
        foreach (var x in due.OrderBy(x => x.f.DueAt))
        {
            var opens = opening(x.c, x.l);
            if (opens > now.AddSeconds(1))
            {
                await db.FollowUps.IgnoreQueryFilters().Where(f => f.Id == x.f.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.DueAt, opens), cancellationToken);
                continue;
            }
            claimed.Add(x.f);
        }
        var claimedIds = claimed.Select(f => f.Id).ToList();
        if (claimedIds.Count > 0)
        {
            await db.FollowUps.IgnoreQueryFilters().Where(f => claimedIds.Contains(f.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FollowUpState.Dispatched).SetProperty(f => f.DispatchedAt, now), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }
}
