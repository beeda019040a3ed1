using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using MudBlazor;

namespace LeadActivity.App.Components.Activity;

/// <summary>How each kind of activity looks: one icon and colour map for the feed and the timeline; the words are the Domain's <see cref="ActivityWords"/>.</summary>
internal static class ActivityLook
{
    public static string Icon(IActivityFacts a) => a.Kind switch
    {
        ActivityKind.Call when a.CallOutcome == CallOutcome.Answered => Icons.Material.Filled.PhoneCallback,
        ActivityKind.Call when a.CallOutcome == CallOutcome.Voicemail => Icons.Material.Filled.Voicemail,
        ActivityKind.Call => Icons.Material.Filled.PhoneMissed,
        ActivityKind.Message when a.Direction == LeadActivity.Domain.Activities.Direction.Inbound => Icons.Material.Filled.Reply,
        ActivityKind.Message => Icons.Material.Filled.Chat,
        ActivityKind.StatusChange => Icons.Material.Filled.Flag,
        ActivityKind.Note => Icons.Material.Filled.StickyNote2,
        _ => Icons.Material.Filled.EventBusy,
    };

    public static Color Color(IActivityFacts a) => a switch
    {
        { Kind: ActivityKind.Call, CallOutcome: CallOutcome.Answered } => MudBlazor.Color.Success,
        { Kind: ActivityKind.Call, CallOutcome: CallOutcome.Failed } => MudBlazor.Color.Error,
        { Kind: ActivityKind.Call } => MudBlazor.Color.Warning,
        { Kind: ActivityKind.Message, DeliveryState: DeliveryState.Failed } => MudBlazor.Color.Error,
        { Kind: ActivityKind.Message } => MudBlazor.Color.Info,
        { Kind: ActivityKind.StatusChange, StatusTo: LeadStatus.Qualified } => MudBlazor.Color.Success,
        _ => MudBlazor.Color.Default,
    };

    /// <summary>The classes MudIcon gives a small icon of <see cref="Color"/>, for rows drawn as plain markup.</summary>
    public static string IconClass(IActivityFacts a) => Color(a) switch
    {
        MudBlazor.Color.Default => "mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-small",
        var color => $"mud-icon-root mud-svg-icon mud-{color.ToString().ToLowerInvariant()}-text mud-icon-size-small",
    };
}
