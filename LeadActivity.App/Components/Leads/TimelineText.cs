using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using MudBlazor;

namespace LeadActivity.App.Components.Leads;

/// <summary>How timeline entries read and look; words only, the facts come from the domain.</summary>
internal static class TimelineText
{
    public static string CallTitle(TimelineEntry e) => e.CallOutcome switch
    {
        CallOutcome.Answered => $"Call answered · {ActivityEvent.FormatDuration(e.DurationSeconds ?? 0)}",
        CallOutcome.NoAnswer => "No answer",
        CallOutcome.Voicemail => $"Voicemail · {ActivityEvent.FormatDuration(e.DurationSeconds ?? 0)}",
        CallOutcome.Hangup => "Hung up",
        CallOutcome.Busy => "Line busy",
        _ => "Call failed",
    };

    public static string Delivery(DeliveryState? state) => state switch
    {
        DeliveryState.Delivered => "delivered",
        DeliveryState.Read => "read",
        DeliveryState.Replied => "replied",
        DeliveryState.Failed => "failed to send",
        _ => "sent",
    };

    public static string Icon(TimelineEntry e) => e.Kind switch
    {
        ActivityKind.Call when e.CallOutcome == CallOutcome.Answered => Icons.Material.Filled.PhoneCallback,
        ActivityKind.Call when e.CallOutcome == CallOutcome.Voicemail => Icons.Material.Filled.Voicemail,
        ActivityKind.Call => Icons.Material.Filled.PhoneMissed,
        ActivityKind.Message => Icons.Material.Filled.Chat,
        ActivityKind.StatusChange => Icons.Material.Filled.Flag,
        ActivityKind.Note => Icons.Material.Filled.StickyNote2,
        _ => Icons.Material.Filled.EventBusy,
    };

    public static Color Color(TimelineEntry e) => e switch
    {
        { Kind: ActivityKind.Call, CallOutcome: CallOutcome.Answered } => MudBlazor.Color.Success,
        { Kind: ActivityKind.Call, CallOutcome: CallOutcome.Failed } => MudBlazor.Color.Error,
        { Kind: ActivityKind.Call } => MudBlazor.Color.Warning,
        { Kind: ActivityKind.Message, DeliveryState: DeliveryState.Failed } => MudBlazor.Color.Error,
        { Kind: ActivityKind.Message } => MudBlazor.Color.Info,
        { Kind: ActivityKind.StatusChange, StatusTo: LeadStatus.Qualified } => MudBlazor.Color.Success,
        _ => MudBlazor.Color.Default,
    };
}
