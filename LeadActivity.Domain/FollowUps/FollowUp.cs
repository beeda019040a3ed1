using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.FollowUps;

public enum FollowUpState { Scheduled, Dispatched, Cancelled, Done }

/// <summary>A retry a campaign's follow-up rule scheduled for a lead.</summary>
public sealed class FollowUp : IOrganizationOwned
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public int LeadId { get; set; }
    public int CampaignId { get; set; }
    public DateTime DueAt { get; set; }
    public int Attempt { get; set; }
    public int MaxAttempts { get; set; }
    public Channel Channel { get; set; }

    /// <summary>The call outcome whose rule scheduled this retry.</summary>
    public CallOutcome TriggerOutcome { get; set; }

    /// <summary>The activity that triggered the rule.</summary>
    public long? SourceActivityId { get; set; }

    public FollowUpState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DispatchedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelledBy { get; set; }
}
