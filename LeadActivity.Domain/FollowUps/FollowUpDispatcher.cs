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
/// calling hours in the lead's local time (otherwise it is moved to the next opening), and each exactly once: a
/// follow-up is claimed by a conditional update from scheduled to dispatched before the agent hears of it.
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
            try
            {
                await dialer.DialAsync(new DialRequest(followUp.Id, followUp.OrganizationId, followUp.CampaignId, followUp.LeadId, followUp.Channel,
                    followUp.Attempt, followUp.MaxAttempts), cancellationToken);
                dispatched++;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The agent did not take it: it goes back to the schedule for the next round, and the round goes on.
                await db.FollowUps.IgnoreQueryFilters().Where(f => f.Id == followUp.Id && f.State == FollowUpState.Dispatched)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FollowUpState.Scheduled).SetProperty(f => f.DispatchedAt, (DateTime?)null), CancellationToken.None);
            }
        }
        return dispatched;
    }
}
