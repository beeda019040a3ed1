using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Activities;

public enum ActivityKind { Call, Message, StatusChange, Note, FollowUpCancelled }

public enum Direction { Outbound, Inbound }

public enum CallOutcome { Answered, NoAnswer, Voicemail, Hangup, Busy, Failed }

public enum DeliveryState { Sent, Delivered, Read, Replied, Failed }

public sealed record TranscriptTurn(string Speaker, string Text, double OffsetSeconds);

/// <summary>
/// One entry of a lead's timeline: a call or a message from the agent, or a status change or note by a person.
/// Ids are monotonic, so "newest first" is "highest id first".
/// </summary>
public sealed class Activity : IOrganizationOwned
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public int LeadId { get; set; }
    public Lead? Lead { get; set; }
    public int CampaignId { get; set; }
    public ActivityKind Kind { get; set; }
    public DateTime OccurredAt { get; set; }
    public Direction? Direction { get; set; }
    public Channel? Channel { get; set; }
    public CallOutcome? CallOutcome { get; set; }
    public DeliveryState? DeliveryState { get; set; }
    public int? DurationSeconds { get; set; }
    public string? Summary { get; set; }
    public List<TranscriptTurn>? Transcript { get; set; }
    public string? RecordingUrl { get; set; }
    public Dictionary<string, string>? Extracted { get; set; }
    public string? Body { get; set; }

    /// <summary>The id the agent sent it with; unique per organization so redelivery is idempotent.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Set when the activity was a follow-up attempt ("attempt 2 of 3").</summary>
    public int? Attempt { get; set; }
    public int? MaxAttempts { get; set; }

    public LeadStatus? StatusFrom { get; set; }
    public LeadStatus? StatusTo { get; set; }

    /// <summary>Who did it, for entries made by people (status changes, notes).</summary>
    public string? Actor { get; set; }

    /// <summary>The note this entry shows, for <see cref="ActivityKind.Note"/>.</summary>
    public long? NoteId { get; set; }
    public Note? Note { get; set; }

    /// <summary>The follow-up this entry is about (a cancellation).</summary>
    public long? FollowUpId { get; set; }
}
