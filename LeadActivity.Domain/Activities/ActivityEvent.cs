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
    string? Body)
{
    /// <summary>What happened, in the product's words, e.g. "Call answered (2m 13s)".</summary>
    [System.Text.Json.Serialization.JsonIgnore] // derived: not carried between nodes
    public string Description => Kind switch
    {
        ActivityKind.Call => CallOutcome switch
        {
            Activities.CallOutcome.Answered => $"Call answered ({FormatDuration(DurationSeconds ?? 0)})",
            Activities.CallOutcome.NoAnswer => "Call not answered",
            Activities.CallOutcome.Voicemail => "Reached voicemail",
            Activities.CallOutcome.Hangup => "Hung up",
            Activities.CallOutcome.Busy => "Line busy",
            _ => "Call failed",
        },
        ActivityKind.Message when Direction == Activities.Direction.Inbound => $"Replied: “{Shorten(Body)}”",
        ActivityKind.Message => DeliveryState switch
        {
            Activities.DeliveryState.Failed => "Message failed to send",
            Activities.DeliveryState.Read => "Message read",
            Activities.DeliveryState.Delivered => "Message delivered",
            _ => "Message sent",
        },
        ActivityKind.StatusChange => $"Status {StatusFrom?.Label() ?? "?"} → {StatusTo?.Label() ?? "?"}",
        _ => "Note added",
    };

    /// <summary>The event of a committed activity, with the names the dashboard shows.</summary>
    public static ActivityEvent From(Activity a, string leadName, string campaignName) =>
        new(a.Id, a.OccurredAt, a.Kind, a.LeadId, leadName, a.CampaignId, campaignName, a.Direction, a.Channel, a.CallOutcome,
            a.DeliveryState, a.DurationSeconds, a.StatusFrom, a.StatusTo, a.Body);

    public static string FormatDuration(int seconds) =>
        seconds < 60 ? $"{seconds}s" : $"{seconds / 60}m {seconds % 60:00}s";

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= 60 ? text : text[..57] + "…";
}
