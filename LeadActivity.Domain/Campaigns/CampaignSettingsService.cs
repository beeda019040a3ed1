using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Campaigns;

/// <summary>Creates campaigns and changes their settings and follow-up rules; nothing invalid is saved.</summary>
public sealed class CampaignSettingsService(IDbContextFactory<LeadActivityDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The call outcomes a follow-up rule can answer, in the order people read them.</summary>
    public static IReadOnlyList<CallOutcome> RetryOutcomes { get; } =
        [CallOutcome.NoAnswer, CallOutcome.Voicemail, CallOutcome.Hangup, CallOutcome.Busy, CallOutcome.Failed];

    public static TimeSpan MaxDelay { get; } = TimeSpan.FromDays(30);
    public const int MaxAttempts = 10;

    /// <summary>What a change to a campaign that was deleted meanwhile answers.</summary>
    internal const string CampaignGone = "The campaign no longer exists.";

    /// <summary>Creates a draft campaign; the result's <see cref="ChangeResult{T}.Value"/> is its id.</summary>
    public async Task<ChangeResult<int>> CreateAsync(CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var problems = new Dictionary<string, string>(settings.Problems());
        if (settings.Status != CampaignStatus.Draft)
            problems[nameof(CampaignSettings.Status)] = "A new campaign starts as a draft: launch it once its leads are in";
        await CheckNameIsFreeAsync(db, settings.Name, null, problems, cancellationToken);
        if (problems.Count > 0)
            return ChangeResult<int>.Refusal(ChangeResult.Invalid(problems));

        var now = clock.GetUtcNow().UtcDateTime;
        var campaign = new Campaign { Name = settings.Name.Trim(), CreatedAt = now };
        Apply(campaign, settings, now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        return ChangeResult.DoneWith(campaign.Id);
    }

    /// <summary>
    /// Saves a campaign's settings. A status change must be a step <see cref="CampaignService.Allowed"/> permits;
    /// pausing stops new attempts.
    /// </summary>
    public async Task<ChangeResult> UpdateAsync(int campaignId, CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
            return ChangeResult.NotFound(CampaignGone);

        var problems = new Dictionary<string, string>(settings.Problems());
        if (settings.Status != campaign.Status && !CampaignService.Allowed(campaign.Status, settings.Status))
            problems[nameof(CampaignSettings.Status)] = StatusProblem(campaign.Status);
        await CheckNameIsFreeAsync(db, settings.Name, campaignId, problems, cancellationToken);
        if (problems.Count > 0)
            return ChangeResult.Invalid(problems);

        Apply(campaign, settings, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return ChangeResult.Done;
    }

    /// <summary>
    /// Replaces a campaign's follow-up rules: at most one per outcome of <see cref="RetryOutcomes"/>, each retrying
    /// after a delay of a minute to 30 days, up to 1–10 attempts. An outcome without a rule is not retried.
    /// </summary>
    public async Task<ChangeResult> SaveFollowUpRulesAsync(int campaignId, IReadOnlyList<FollowUpRule> rules, CancellationToken cancellationToken = default)
    {
        var problems = FollowUpRuleProblems(rules);
        if (problems.Count > 0)
            return ChangeResult.Invalid(problems);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
            return ChangeResult.NotFound(CampaignGone);
        campaign.FollowUpRules = rules.OrderBy(r => r.Outcome).ToList();
        campaign.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return ChangeResult.Done;
    }

    /// <summary>The problems of a set of follow-up rules, keyed <c>Outcome.Property</c> (e.g. <c>NoAnswer.Delay</c>).</summary>
    public static IReadOnlyDictionary<string, string> FollowUpRuleProblems(IReadOnlyList<FollowUpRule> rules)
    {
        var problems = new Dictionary<string, string>();
        foreach (var rule in rules)
        {
            var after = $"After {FollowUpRuleText.Outcome(rule.Outcome)}";
            if (!RetryOutcomes.Contains(rule.Outcome))
                problems[$"{rule.Outcome}.{nameof(FollowUpRule.Outcome)}"] = $"{after} there is nothing to retry";
            else if (rules.Count(r => r.Outcome == rule.Outcome) > 1)
                problems[$"{rule.Outcome}.{nameof(FollowUpRule.Outcome)}"] = $"{after}: give one rule, not {rules.Count(r => r.Outcome == rule.Outcome)}";
            if (rule.Delay < TimeSpan.FromMinutes(1))
                problems[$"{rule.Outcome}.{nameof(FollowUpRule.Delay)}"] = $"{after}: wait at least a minute before retrying";
            else if (rule.Delay > MaxDelay)
                problems[$"{rule.Outcome}.{nameof(FollowUpRule.Delay)}"] = $"{after}: retry within {MaxDelay.TotalDays:0} days";
            if (rule.MaxAttempts is < 1 or > MaxAttempts)
                problems[$"{rule.Outcome}.{nameof(FollowUpRule.MaxAttempts)}"] = $"{after}: allow 1 to {MaxAttempts} attempts";
            if (!Enum.IsDefined(rule.Channel))
                problems[$"{rule.Outcome}.{nameof(FollowUpRule.Channel)}"] = $"{after}: retry by call or by WhatsApp message";
        }
        return problems;
    }

    private static string StatusProblem(CampaignStatus from)
    {
        var next = Enum.GetValues<CampaignStatus>().Where(to => CampaignService.Allowed(from, to)).Select(to => to.ToString().ToLowerInvariant()).ToList();
        var now = from.ToString().ToLowerInvariant();
        return next.Count == 0 ? $"The campaign is {now}: its status cannot change" : $"The campaign is {now}: it can only become {string.Join(" or ", next)}";
    }

    private static void Apply(Campaign campaign, CampaignSettings settings, DateTime now)
    {
        campaign.Name = settings.Name.Trim();
        campaign.Channel = settings.Channel;
        campaign.Status = settings.Status;
        campaign.DefaultRegion = settings.DefaultRegion;
        campaign.TimeZone = settings.TimeZone;
        campaign.CallingHours = settings.CallingHours with { Days = settings.CallingHours.Days.Distinct().Order().ToList() };
        campaign.UpdatedAt = now;
    }

    /// <summary>
    /// Names are unique in the organization, ignoring case, so two campaigns are never told apart by capitals alone in
    /// pickers. Campaigns are few per organization: their names are compared here rather than with SQLite's ASCII-only
    /// <c>lower()</c>.
    /// </summary>
    private static async Task CheckNameIsFreeAsync(LeadActivityDbContext db, string name, int? campaignId, Dictionary<string, string> problems, CancellationToken cancellationToken)
    {
        if (problems.ContainsKey(nameof(CampaignSettings.Name)))
            return;
        var trimmed = name.Trim();
        var names = await db.Campaigns.Where(c => c.Id != campaignId).Select(c => c.Name).ToListAsync(cancellationToken);
        if (names.Any(n => string.Equals(n.Trim(), trimmed, StringComparison.OrdinalIgnoreCase)))
            problems[nameof(CampaignSettings.Name)] = $"Your organization already has a campaign called “{trimmed}”: pick another name";
    }
}
