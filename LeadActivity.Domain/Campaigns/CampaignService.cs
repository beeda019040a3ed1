using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Campaigns;

/// <summary>A campaign as the campaigns list shows it.</summary>
public sealed record CampaignListItem(int Id, string Name, Channel Channel, CampaignStatus Status, int Leads, DateTime? LastActivityAt);

/// <summary>A campaign's overview: its settings and how its leads are doing.</summary>
public sealed record CampaignOverview(
    Campaign Campaign,
    IReadOnlyDictionary<LeadStatus, int> LeadsByStatus,
    int Calls,
    int AnsweredCalls,
    int Messages,
    DateTime? LastActivityAt)
{
    public int Leads => LeadsByStatus.Values.Sum();
    public double? AnswerRate => Calls == 0 ? null : (double)AnsweredCalls / Calls;
}

/// <summary>
/// What launching a campaign sets off: the agent contacts its <paramref name="Leads"/> new leads by
/// <paramref name="Channel"/>, each inside the calling hours in the lead's local time. <paramref name="StartsNow"/> when
/// the window is open for some of them now; otherwise <paramref name="FirstOpening"/> is when it first opens, as the
/// wall-clock time of the leads it opens for (calling hours are the same local hours in every zone), and
/// <paramref name="Today"/> the date there now, so "today" and "tomorrow" can be said.
/// </summary>
public sealed record LaunchPlan(int Leads, Channel Channel, CallingHours CallingHours, bool StartsNow, DateTime FirstOpening, DateOnly Today);

/// <summary>Reads campaigns and moves them through their life: launch, pause, resume, complete.</summary>
public sealed class CampaignService(IDbContextFactory<LeadActivityDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<CampaignListItem>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns
            .OrderBy(c => c.Name)
            .Select(c => new CampaignListItem(c.Id, c.Name, c.Channel, c.Status,
                db.Leads.Count(l => l.CampaignId == c.Id),
                db.Leads.Where(l => l.CampaignId == c.Id).Max(l => l.LastActivityAt)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The campaign's settings alone (the overview's figures come from <see cref="CampaignFigures"/>); null when there is no such campaign.</summary>
    public async Task<Campaign?> FindAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
    }

    /// <summary>How many leads the campaign has.</summary>
    public async Task<int> LeadCountAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Leads.CountAsync(l => l.CampaignId == campaignId, cancellationToken);
    }

    public async Task<CampaignOverview?> OverviewAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
            return null;
        var byStatus = await db.Leads.Where(l => l.CampaignId == campaignId).GroupBy(l => l.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var activities = db.Activities.Where(a => a.CampaignId == campaignId);
        var calls = await activities.CountAsync(a => a.Kind == ActivityKind.Call, cancellationToken);
        var answered = await activities.CountAsync(a => a.Kind == ActivityKind.Call && a.CallOutcome == CallOutcome.Answered, cancellationToken);
        var messages = await activities.CountAsync(a => a.Kind == ActivityKind.Message, cancellationToken);
        var last = await db.Leads.Where(l => l.CampaignId == campaignId).MaxAsync(l => l.LastActivityAt, cancellationToken);
        return new CampaignOverview(campaign,
            Enum.GetValues<LeadStatus>().ToDictionary(s => s, s => byStatus.FirstOrDefault(b => b.Key == s)?.Count ?? 0),
            calls, answered, messages, last);
    }

    /// <summary>What launching the campaign would set off (see <see cref="LaunchPlan"/>); null when there is no such campaign.</summary>
    public async Task<LaunchPlan?> LaunchPlanAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
            return null;
        // A lead's zone follows its number's country and area code, so one number per prefix finds every zone among
        // the leads without reading each lead (a million-lead campaign has a few hundred prefixes).
        var prefixes = await db.Leads.Where(l => l.CampaignId == campaignId && l.Status == LeadStatus.New)
            .GroupBy(l => (l.Phone ?? l.WhatsApp ?? "").Substring(0, 7))
            .Select(g => new { Leads = g.Count(), Number = g.Max(l => l.Phone ?? l.WhatsApp) })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var first = prefixes.Select(p => p.Number).DefaultIfEmpty(null)
            .Select(number => (Number: number, Opens: CallingWindow.NextOpening(campaign, number, now)))
            .MinBy(x => x.Opens);
        var zone = CallingWindow.ZoneOf(campaign, first.Number);
        return new LaunchPlan(prefixes.Sum(p => p.Leads), campaign.Channel, campaign.CallingHours, first.Opens <= now,
            TimeZoneInfo.ConvertTimeFromUtc(first.Opens, zone), DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone)));
    }

    /// <summary>
    /// Moves a campaign to <paramref name="status"/> where that is a step its life allows (a draft is launched, an
    /// active one paused or completed, a paused one resumed or completed). Pausing stops new attempts: the agent and
    /// the follow-up dispatcher only work on active campaigns. False when the step is not allowed.
    /// </summary>
    public async Task<bool> SetStatusAsync(int campaignId, CampaignStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null || !Allowed(campaign.Status, status))
            return false;
        campaign.Status = status;
        campaign.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public static bool Allowed(CampaignStatus from, CampaignStatus to) => (from, to) switch
    {
        (CampaignStatus.Draft, CampaignStatus.Active) => true,
        (CampaignStatus.Active, CampaignStatus.Paused or CampaignStatus.Completed) => true,
        (CampaignStatus.Paused, CampaignStatus.Active or CampaignStatus.Completed) => true,
        _ => false,
    };
}
