using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// The facts an activity is told by, whether it arrives live on the dashboard (<see cref="ActivityEvent"/>) or is read
/// in a lead's timeline (<see cref="TimelineEntry"/>), so both say the same thing the same way.
/// </summary>
public interface IActivityFacts
{
    ActivityKind Kind { get; }
    Direction? Direction { get; }
    Channel? Channel { get; }
    CallOutcome? CallOutcome { get; }
    DeliveryState? DeliveryState { get; }
    int? DurationSeconds { get; }
    LeadStatus? StatusFrom { get; }
    LeadStatus? StatusTo { get; }
    string? Body { get; }
}

/// <summary>How every kind of activity reads, in the product's words: one wording for the feed, the timeline and the call panel.</summary>
public static class ActivityWords
{
    /// <summary>What happened, in one line, e.g. "Call answered · 2m 13s" or "Follow-up cancelled".</summary>
    public static string Headline(IActivityFacts activity) => activity.Kind switch
    {
        ActivityKind.Call => activity.CallOutcome switch
        {
            CallOutcome.Answered => $"Call answered · {Duration(activity.DurationSeconds ?? 0)}",
            CallOutcome.Voicemail when activity.DurationSeconds is > 0 => $"Reached voicemail · {Duration(activity.DurationSeconds.Value)}",
            CallOutcome.Voicemail => "Reached voicemail",
            CallOutcome.NoAnswer => "Call not answered",
            CallOutcome.Hangup => "Hung up",
            CallOutcome.Busy => "Line busy",
            _ => "Call failed",
        },
        ActivityKind.Message when activity.Direction == Direction.Inbound => $"Replied: “{Shorten(activity.Body)}”",
        ActivityKind.Message => activity.DeliveryState switch
        {
            DeliveryState.Failed => "Message failed to send",
            DeliveryState.Read => "Message read",
            DeliveryState.Delivered => "Message delivered",
            _ => "Message sent",
        },
        ActivityKind.StatusChange => $"Status {activity.StatusFrom?.Label() ?? "?"} → {activity.StatusTo?.Label() ?? "?"}",
        ActivityKind.Note => "Note added",
        ActivityKind.FollowUpCancelled => "Follow-up cancelled",
        _ => activity.Kind.ToString(), // a kind added without words still shows, and the words test fails
    };

    /// <summary>A call's outcome as part of a sentence: "answered", "no answer", "voicemail"…</summary>
    public static string Outcome(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Answered => "answered",
        CallOutcome.NoAnswer => "no answer",
        CallOutcome.Voicemail => "voicemail",
        CallOutcome.Hangup => "hung up",
        CallOutcome.Busy => "busy",
        _ => "failed",
    };

    /// <summary>What became of an outbound message: "sent", "delivered", "read", "failed to send".</summary>
    public static string Delivery(DeliveryState? state) => state switch
    {
        DeliveryState.Delivered => "delivered",
        DeliveryState.Read => "read",
        DeliveryState.Replied => "replied",
        DeliveryState.Failed => "failed to send",
        _ => "sent",
    };

    /// <summary>A call's length: "45s", "2m 13s".</summary>
    public static string Duration(int seconds) =>
        seconds < 60 ? $"{seconds}s" : $"{seconds / 60}m {seconds % 60:00}s";

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= 60 ? text : text[..57] + "…";
}
