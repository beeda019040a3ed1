namespace LeadActivity.Domain.Activities;

/// <summary>How the feed groups what belongs together: a call or message and the status change it reported.</summary>
public static class FeedRows
{
    /// <summary>
    /// True when <paramref name="status"/> is the status change that <paramref name="cause"/> reported: the same lead, the
    /// same moment, recorded with it (the feed lists them next to each other, newest first).
    /// </summary>
    public static bool Caused(ActivityEvent status, ActivityEvent cause) =>
        status.Kind == ActivityKind.StatusChange && cause.Kind is ActivityKind.Call or ActivityKind.Message
        && status.LeadId == cause.LeadId && status.OccurredAt == cause.OccurredAt && status.Id > cause.Id;

    /// <summary>Whether the event at <paramref name="index"/> (newest first) is shown on the row of the call below it.</summary>
    public static bool ShownWithCause(IReadOnlyList<ActivityEvent> events, int index) =>
        index + 1 < events.Count && Caused(events[index], events[index + 1]);

    /// <summary>The status change shown on the row of the event at <paramref name="index"/>, if it reported one.</summary>
    public static ActivityEvent? CausedStatus(IReadOnlyList<ActivityEvent> events, int index) =>
        index > 0 && Caused(events[index - 1], events[index]) ? events[index - 1] : null;
}
