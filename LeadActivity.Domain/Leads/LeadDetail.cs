using System.Globalization;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;

namespace LeadActivity.Domain.Leads;

/// <summary>Everything the lead page shows about a lead except its timeline.</summary>
public sealed record LeadDetail(
    int Id,
    string Name,
    string? Phone,
    string? WhatsApp,
    string? Email,
    LeadStatus Status,
    int CampaignId,
    string CampaignName,
    IReadOnlyList<CustomFieldDefinition> FieldDefinitions,
    IReadOnlyDictionary<string, string> Fields,
    DateTime CreatedAt,
    DateTime? LastActivityAt,
    string? Region,
    string TimeZoneId,
    FollowUpView? NextFollowUp,
    IReadOnlyList<FollowUpView> PastFollowUps)
{
    /// <summary>The country of the lead's number, in English, e.g. "United Kingdom".</summary>
    public string? Country => Region is null ? null : TryCountry(Region);

    /// <summary>The lead's local time at <paramref name="utc"/>, from the number's time zone (or the campaign's).</summary>
    public DateTime LocalTime(DateTime utc) => ToZone(utc, TimeZoneId);

    public static DateTime ToZone(DateTime utc, string timeZoneId)
    {
        try
        {
            return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return utc;
        }
    }

    private static string? TryCountry(string region)
    {
        try
        {
            return new RegionInfo(region).EnglishName;
        }
        catch (ArgumentException)
        {
            return region;
        }
    }
}

/// <summary>A scheduled, dispatched or cancelled retry, with the rule that scheduled it in words.</summary>
public sealed record FollowUpView(
    long Id,
    DateTime DueAt,
    int Attempt,
    int MaxAttempts,
    Channel Channel,
    CallOutcome TriggerOutcome,
    FollowUpState State,
    DateTime? CancelledAt,
    string? CancelledBy,
    string Rule)
{
    /// <summary>
    /// For a scheduled retry due outside the campaign's calling hours in the lead's local time: when it will actually
    /// go, the next opening of the window (UTC). Null when it goes when due.
    /// </summary>
    public DateTime? WaitsUntil { get; init; }
}

/// <summary>One entry of a lead's timeline.</summary>
public sealed record TimelineEntry(
    long Id,
    ActivityKind Kind,
    DateTime OccurredAt,
    Direction? Direction,
    Channel? Channel,
    CallOutcome? CallOutcome,
    DeliveryState? DeliveryState,
    int? DurationSeconds,
    string? Summary,
    string? Body,
    int? Attempt,
    int? MaxAttempts,
    LeadStatus? StatusFrom,
    LeadStatus? StatusTo,
    string? Actor,
    string? NoteText,
    bool HasTranscript,
    bool HasRecording) : IActivityFacts;

/// <summary>Where the next (older) page of a timeline starts.</summary>
public sealed record TimelineCursor(DateTime OccurredAt, long Id);

public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, TimelineCursor? Next);

/// <summary>A call opened from the timeline: what was said, the recording and what the agent extracted.</summary>
public sealed record CallDetail(
    long Id,
    int LeadId,
    DateTime OccurredAt,
    Direction? Direction,
    CallOutcome? Outcome,
    int? DurationSeconds,
    string? Summary,
    IReadOnlyList<TranscriptTurn> Transcript,
    string? RecordingUrl,
    IReadOnlyDictionary<string, string> Extracted,
    int? Attempt,
    int? MaxAttempts);

public static class FollowUpRuleText
{
    public static string Describe(FollowUpRule? rule, CallOutcome outcome)
    {
        var when = $"after {Outcome(outcome)}";
        if (rule is null)
            return $"{when} (the rule has since been removed)";
        return $"{when}: retry after {Delay(rule.Delay)}, up to {rule.MaxAttempts} attempts, by {(rule.Channel == Channel.Phone ? "call" : "WhatsApp message")}";
    }

    public static string Outcome(CallOutcome outcome) => outcome switch
    {
        CallOutcome.NoAnswer => "no answer",
        CallOutcome.Voicemail => "voicemail",
        CallOutcome.Hangup => "a hang-up",
        CallOutcome.Busy => "a busy line",
        CallOutcome.Failed => "a failed call",
        _ => "an answered call",
    };

    public static string Delay(TimeSpan delay) =>
        delay.TotalDays >= 1 && delay.TotalDays % 1 == 0 ? $"{delay.TotalDays:0} day{(delay.TotalDays == 1 ? "" : "s")}"
        : delay.TotalHours >= 1 && delay.TotalHours % 1 == 0 ? $"{delay.TotalHours:0} h"
        : $"{delay.TotalMinutes:0} min";
}
