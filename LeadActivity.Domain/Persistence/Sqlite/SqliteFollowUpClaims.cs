using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// SQLite has one app server: the due follow-ups are read, then each is claimed by a conditional update (scheduled to
/// dispatched), which a cancellation in between makes miss. No transaction spans the round: SQLite would refuse a read
/// transaction's later write once the activity writer had committed in between.
/// </summary>
internal sealed class SqliteFollowUpClaims : IFollowUpClaims
{
    public async Task<IReadOnlyList<FollowUp>> ClaimDueAsync(LeadActivityDbContext db, DateTime now, int limit, Func<Campaign, Lead, DateTime> opening,
        CancellationToken cancellationToken)
    {
        // System work: it serves every organization, so it says so. Paused or finished campaigns' follow-ups wait (and
        // go out if the campaign is resumed); they are left out before the limit, so a pile of them never starves the
        // active campaigns.
        var due = await db.FollowUps.IgnoreQueryFilters()
            .Where(f => f.State == FollowUpState.Scheduled && f.DueAt <= now)
            .Join(db.Campaigns.IgnoreQueryFilters().Where(c => c.Status == CampaignStatus.Active), f => f.CampaignId, c => c.Id, (f, c) => new { f, c })
            .OrderBy(x => x.f.DueAt)
            .Take(limit)
            .Join(db.Leads.IgnoreQueryFilters(), x => x.f.LeadId, l => l.Id, (x, l) => new { x.f, x.c, l })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        var claimed = new List<FollowUp>();
        foreach (var x in due)
        {
            var opens = opening(x.c, x.l);
            if (opens > now.AddSeconds(1))
            {
                await db.FollowUps.IgnoreQueryFilters().Where(f => f.Id == x.f.Id && f.State == FollowUpState.Scheduled)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.DueAt, opens), cancellationToken);
                continue;
            }
            var taken = await db.FollowUps.IgnoreQueryFilters()
                .Where(f => f.Id == x.f.Id && f.State == FollowUpState.Scheduled)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FollowUpState.Dispatched).SetProperty(f => f.DispatchedAt, now), cancellationToken);
            if (taken == 1) // otherwise cancelled meanwhile
                claimed.Add(x.f);
        }
        return claimed;
    }
}
