using System.Globalization;
using System.Runtime.CompilerServices;
using LeadActivity.App.Components.Shared;
using LeadActivity.Domain.Activities;
using Microsoft.AspNetCore.Components;

namespace LeadActivity.App.Components.Activity;

/// <summary>
/// The live feed's list. Its parent (<see cref="LeadActivityWidget"/>) owns the feed and its header of MudBlazor
/// controls; an event or a clock tick renders this list alone (<see cref="Show"/>), so a thousand open dashboards diff
/// fifty plain rows each rather than the header's components too.
/// </summary>
public sealed partial class FeedList
{
    private readonly FeedRowTexts texts = new();
    private DateTime now = DateTime.UtcNow;
    private string? announcement;

    [Parameter, EditorRequired] public LiveFeed Feed { get; set; } = default!;

    [Parameter, EditorRequired] public UserClock UserClock { get; set; } = default!;

    [Parameter] public bool Loading { get; set; }

    /// <summary>Renders the rows as the feed now holds them, with relative times as of <paramref name="at"/>.</summary>
    public void Show(DateTime at, string? announce = null)
    {
        now = at;
        announcement = announce ?? announcement;
        StateHasChanged();
    }

    protected override void OnParametersSet() => now = DateTime.UtcNow;
}

/// <summary>
/// The relative times of one list's render share their strings ("just now", "3 min ago"), made once per distinct text.
/// </summary>
internal sealed class FeedRowTexts
{
    private readonly Dictionary<string, string> _ago = [];

    public string Ago(DateTime at, DateTime now, TimeZoneInfo zone)
    {
        var text = RelativeTime.Format(at, now, zone);
        if (_ago.TryGetValue(text, out var same))
            return same;
        if (_ago.Count > 200)
            _ago.Clear();
        return _ago[text] = text;
    }
}

/// <summary>
/// An event's texts as a feed row shows them, made once per event on the node: every dashboard that receives the same
/// published event shares them (<see cref="Of"/>), so an event reaching a thousand dashboards costs its strings once, and
/// each render's diff compares the same strings by reference. The local time depends on the viewer's zone and is kept
/// for the last zone asked.
/// </summary>
internal sealed class FeedRowText
{
    private static readonly ConditionalWeakTable<ActivityEvent, FeedRowText> Shared = new();
    private readonly DateTime _occurredAt;
    private (TimeZoneInfo Zone, string Text)? _local;

    private FeedRowText(ActivityEvent e)
    {
        var description = e.Description;
        _occurredAt = e.OccurredAt;
        Id = e.Id.ToString(CultureInfo.InvariantCulture);
        Kind = e.Kind.ToString();
        Label = $"{e.LeadName}: {description}";
        Description = description;
        Separated = $" · {description}";
        Icon = (MarkupString)ActivityLook.Icon(e);
        IconClass = ActivityLook.IconClass(e);
        Href = $"leads/{e.LeadId}";
        CallHref = e.Kind == ActivityKind.Call ? $"leads/{e.LeadId}/calls/{e.Id}" : null;
        IsoTime = e.OccurredAt.ToString("O", CultureInfo.InvariantCulture);
    }

    public string Id { get; }
    public string Kind { get; }
    public string Label { get; }
    public string Description { get; }
    public string Separated { get; }
    public MarkupString Icon { get; }
    public string IconClass { get; }
    public string Href { get; }

    /// <summary>Where a call's row opens the call itself (its transcript, recording and extracted data); null for others.</summary>
    public string? CallHref { get; }
    public string IsoTime { get; }

    public static FeedRowText Of(ActivityEvent e) => Shared.GetValue(e, static e => new FeedRowText(e));

    /// <summary>When it happened on the viewer's clock (the row's hover text).</summary>
    public string LocalTime(UserClock clock)
    {
        if (_local is { } local && ReferenceEquals(local.Zone, clock.Zone))
            return local.Text;
        var text = clock.ToUser(_occurredAt).ToString("f");
        _local = (clock.Zone, text); // a race between two zones only costs one of them a second formatting
        return text;
    }
}
