using LeadActivity.App.Components.Shared;
using LeadActivity.Domain.Activities;
using Microsoft.AspNetCore.Components;

namespace LeadActivity.App.Components.Activity;

/// <summary>
/// The live feed's list. Its parent (<see cref="LeadActivityWidget"/>) owns the feed and its header of MudBlazor
/// controls; an event or a clock tick renders this list alone (<see cref="Show"/>), so a thousand open dashboards diff
/// fifty plain rows each rather than the header's components too.
/// </summary>
public sealed partial class FeedRows
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

    protected override void OnAfterRender(bool firstRender) => texts.KeepOnly(Feed.Events);
}

/// <summary>
/// Each shown event's texts, made once: a render of fifty rows then allocates only the relative times, and the
/// renderer's diff compares the same strings by reference.
/// </summary>
internal sealed class FeedRowTexts
{
    private readonly Dictionary<long, FeedRowText> _rows = [];
    private TimeZoneInfo? _zone;

    public FeedRowText For(ActivityEvent e, UserClock clock)
    {
        if (!ReferenceEquals(_zone, clock.Zone))
        {
            _rows.Clear(); // local times in the title follow the person's zone
            _zone = clock.Zone;
        }
        if (!_rows.TryGetValue(e.Id, out var row))
            _rows[e.Id] = row = FeedRowText.From(e, clock);
        return row;
    }

    /// <summary>Forgets the rows no longer shown.</summary>
    public void KeepOnly(IReadOnlyList<ActivityEvent> shown)
    {
        if (_rows.Count <= shown.Count)
            return;
        var ids = shown.Select(e => e.Id).ToHashSet();
        foreach (var id in _rows.Keys.Where(id => !ids.Contains(id)).ToList())
            _rows.Remove(id);
    }

    // The relative times of a render share their strings ("just now", "3 min ago"), made once per distinct text.
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

internal sealed record FeedRowText(string Id, string Kind, string Label, string Description, string Separated, MarkupString Icon, string IconClass,
    string Href, string DateTime, string LocalTime)
{
    public static FeedRowText From(ActivityEvent e, UserClock clock)
    {
        var description = e.Description;
        return new(e.Id.ToString(), e.Kind.ToString(), $"{e.LeadName}: {description}", description, $" · {description}",
            (MarkupString)ActivityLook.Icon(e), ActivityLook.IconClass(e), $"leads/{e.LeadId}", e.OccurredAt.ToString("O"),
            clock.ToUser(e.OccurredAt).ToString("f"));
    }
}
