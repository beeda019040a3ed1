using LeadActivity.Domain.Activities;

namespace LeadActivity.Domain.Campaigns;

/// <summary>What to do after a call ends with <see cref="Outcome"/>: retry after a delay, up to a number of attempts.</summary>
public sealed record FollowUpRule(CallOutcome Outcome, TimeSpan Delay, int MaxAttempts, Channel Channel);
