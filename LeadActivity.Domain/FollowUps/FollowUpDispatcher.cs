using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.FollowUps;

/// <summary>A retry handed to the agent: who to contact, how, and which attempt it is.</summary>
public sealed record DialRequest(long FollowUpId, int OrganizationId, int CampaignId, int LeadId, Channel Channel, int Attempt, int MaxAttempts);

/// <summary>The agent that makes calls and sends messages. The app ships a simulated one.</summary>
public interface IAgentDialer
{
    Task DialAsync(DialRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Hands due follow-ups to the agent, across organizations: only for active campaigns, only inside the campaign's
/// calling hours in the lead's local time (otherwise it is moved to the next opening), and each exactly once, also
/// with several app servers dispatching at the same time: a follow-up is claimed, from scheduled to dispatched, before
/// the agent hears of it (on SQLite by a conditional update; on PostgreSQL a round's follow-ups in one transaction
/// that locks them with FOR UPDATE SKIP LOCKED, so concurrent dispatchers take disjoint ones without waiting).
/// </summary>
public sealed class FollowUpDispatcher(IDbContextFactory<LeadActivityDbContext> dbFactory, IAgentDialer dialer, TimeProvider clock)
{
    /// <summary>Dispatches what is due now; returns how many follow-ups the agent was given.</summary>
    public async Task<int> DispatchDueAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(FollowUp FollowUp, Campaign Campaign, Lead Lead)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (db.Database.IsNpgsql())
                return await DialAsync(await ClaimAsync(db, now, limit, cancellationToken), cancellationToken);
            // System work: it serves every organization, so it says so.
            // Paused or finished campaigns' follow-ups wait (and go out if the campaign is resumed); they are left
            // out before the limit, so a pile of them never starves the active campaigns.
            due = (await db.FollowUps.IgnoreQueryFilters()
                    .Where(f => f.State == FollowUpState.Scheduled && f.DueAt <= now)
                    .Join(db.Campaigns.IgnoreQueryFilters().Where(c => c.Status == CampaignStatus.Active), f => f.CampaignId, c => c.Id, (f, c) => new { f, c })
                    .OrderBy(x => x.f.DueAt)
                    .Take(limit)
                    .Join(db.Leads.IgnoreQueryFilters(), x => x.f.LeadId, l => l.Id, (x, l) => new { x.f, x.c, l })
                    .AsNoTracking()
                    .ToListAsync(cancellationToken))
                .Select(x => (x.f, x.c, x.l))
                .ToList();
        }

        var dispatched = 0;
        foreach (var (followUp, campaign, lead) in due)
        {
            var opening = FollowUpRules.InCallingHours(now, campaign, lead);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (opening > now.AddSeconds(1))
            {
                await db.FollowUps.IgnoreQueryFilters().Where(f => f.Id == followUp.Id && f.State == FollowUpState.Scheduled)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.DueAt, opening), cancellationToken);
                continue;
            }
            var claimed = await db.FollowUps.IgnoreQueryFilters()
                .Where(f => f.Id == followUp.Id && f.State == FollowUpState.Scheduled)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FollowUpState.Dispatched).SetProperty(f => f.DispatchedAt, now), cancellationToken);
            if (claimed == 0)
                continue; // cancelled or taken meanwhile
            if (await DialAsync(db, followUp, cancellationToken))
                dispatched++;
        }
        return dispatched;
    }

    /// <summary>
    /// PostgreSQL: claims up to <paramref name="limit"/> due follow-ups of active campaigns, oldest first, in one
    /// transaction. FOR UPDATE OF f SKIP LOCKED locks the ones it selects and passes over those another dispatcher (or
    /// the activity writer) holds, so dispatchers running at once on several nodes each get their own; the claim's
    /// updates commit before the agent hears of any. Those outside calling hours move to the next opening instead.
    /// Returns the claimed ones, now dispatched.
    /// </summary>
    private static async Task<List<FollowUp>> ClaimAsync(LeadActivityDbContext db, DateTime now, int limit, CancellationToken cancellationToken)
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
            var opening = FollowUpRules.InCallingHours(now, x.c, x.l);
            if (opening > now.AddSeconds(1))
            {
                await db.FollowUps.IgnoreQueryFilters().Where(f => f.Id == x.f.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.DueAt, opening), cancellationToken);
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

    private async Task<int> DialAsync(List<FollowUp> claimed, CancellationToken cancellationToken)
    {
        var dispatched = 0;
        var handed = 0;
        try
        {
            foreach (var followUp in claimed)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (await DialAsync(db, followUp, cancellationToken))
                    dispatched++;
                handed++;
            }
        }
        finally
        {
            // A round claims several at once: those the agent never heard of (the node is stopping) go back to the
            // schedule, for this node's next start or another node, instead of staying dispatched for good.
            if (handed < claimed.Count)
                await ReturnAsync(claimed.Skip(handed).Select(f => f.Id).ToList());
        }
        return dispatched;
    }

    private async Task ReturnAsync(List<long> ids)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.FollowUps.IgnoreQueryFilters().Where(f => ids.Contains(f.Id) && f.State == FollowUpState.Dispatched)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FollowUpState.Scheduled).SetProperty(f => f.DispatchedAt, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>Hands a claimed follow-up to the agent; false when the agent refused it and it went back to the schedule.</summary>
    private async Task<bool> DialAsync(LeadActivityDbContext db, FollowUp followUp, CancellationToken cancellationToken)
    {
        try
        {
            await dialer.DialAsync(new DialRequest(followUp.Id, followUp.OrganizationId, followUp.CampaignId, followUp.LeadId, followUp.Channel,
                followUp.Attempt, followUp.MaxAttempts), cancellationToken);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The agent did not take it: it goes back to the schedule for the next round, and the round goes on.
            await db.FollowUps.IgnoreQueryFilters().Where(f => f.Id == followUp.Id && f.State == FollowUpState.Dispatched)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FollowUpState.Scheduled).SetProperty(f => f.DispatchedAt, (DateTime?)null), CancellationToken.None);
            return false;
        }
    }
}
