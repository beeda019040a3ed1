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
/// the agent hears of it (<see cref="IFollowUpClaims"/>).
/// </summary>
public sealed class FollowUpDispatcher(IDbContextFactory<LeadActivityDbContext> dbFactory, IFollowUpClaims claims, IAgentDialer dialer, TimeProvider clock)
{
    /// <summary>Dispatches what is due now; returns how many follow-ups the agent was given.</summary>
    public async Task<int> DispatchDueAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<FollowUp> claimed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            claimed = await claims.ClaimDueAsync(db, now, limit, (campaign, lead) => FollowUpRules.InCallingHours(now, campaign, lead), cancellationToken);
        return await DialAsync(claimed, cancellationToken);
    }

    private async Task<int> DialAsync(IReadOnlyList<FollowUp> claimed, CancellationToken cancellationToken)
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
