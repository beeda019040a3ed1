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
            due = (await db.FollowUps.IgnoreQueryFilters()
                    .Where(f => f.State == FollowUpState.Scheduled && f.DueAt <= now)
                    .OrderBy(f => f.DueAt)
                    .Take(limit)
                    .Join(db.Campaigns.IgnoreQueryFilters(), f => f.CampaignId, c => c.Id, (f, c) => new { f, c })
                    .Join(db.Leads.IgnoreQueryFilters(), x => x.f.LeadId, l => l.Id, (x, l) => new { x.f, x.c, l })
                    .AsNoTracking()
                    .ToListAsync(cancellationToken))
                .Select(x => (x.f, x.c, x.l))
                .ToList();
        }

        var dispatched = 0;
        foreach (var (followUp, campaign, lead) in due)
        {
            if (campaign.Status != CampaignStatus.Active)
                continue; // paused or finished: it waits, and goes out if the campaign is resumed
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
            dispatched++;
            await dialer.DialAsync(new DialRequest(followUp.Id, followUp.OrganizationId, followUp.CampaignId, followUp.LeadId, followUp.Channel,
                followUp.Attempt, followUp.MaxAttempts), cancellationToken);
        }
        return dispatched;
    }
}
