using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Activities;

/// <summary>An activity as the dashboard shows it: with its lead and campaign names and a sentence saying what happened.</summary>
public sealed record ActivityEvent(
    long Id,
    DateTime OccurredAt,
    ActivityKind Kind,
    int LeadId,
    string LeadName,
    int CampaignId,
    string CampaignName,
    Direction? Direction,
    Channel? Channel,
    CallOutcome? CallOutcome,
    DeliveryState? DeliveryState,
    int? DurationSeconds,
    LeadStatus? StatusFrom,
    LeadStatus? StatusTo,
    string? Body) : IActivityFacts
{
    /// <summary>
    /// True when this call or message moved its lead from New to Contacted by itself (no status-change entry records
    /// that step).
    /// </summary>
    public bool FirstContact { get; init; }

    /// <summary>What happened, in the product's words, e.g. "Call answered · 2m 13s".</summary>
    [System.Text.Json.Serialization.JsonIgnore] // derived: not carried between nodes
    public string Description => ActivityWords.Headline(this);

    /// <summary>The event of a committed activity, with the names the dashboard shows.</summary>
    public static ActivityEvent From(Activity a, string leadName, string campaignName) =>
        new(a.Id, a.OccurredAt, a.Kind, a.LeadId, leadName, a.CampaignId, campaignName, a.Direction, a.Channel, a.CallOutcome,
            a.DeliveryState, a.DurationSeconds, a.StatusFrom, a.StatusTo, a.Body);
}
