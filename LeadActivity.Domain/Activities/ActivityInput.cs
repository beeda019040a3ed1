using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Activities;

/// <summary>A transcript turn as the agent sends it.</summary>
public sealed record TranscriptTurnInput(string? Speaker, string? Text, double? OffsetSeconds);

/// <summary>
/// A call or message as the agent reports it (the ingestion API's body). Everything is optional here so that each
/// missing or malformed field can be named in the answer; <see cref="Validate"/> says what is wrong.
/// </summary>
public sealed record ActivityInput
{
    public string? ExternalId { get; init; }
    public string? Type { get; init; }
    public int? CampaignId { get; init; }
    public int? LeadId { get; init; }
    public string? LeadPhone { get; init; }
    public string? LeadWhatsApp { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? Direction { get; init; }
    public string? Channel { get; init; }
    public string? Outcome { get; init; }
    public int? DurationSeconds { get; init; }
    public string? Summary { get; init; }
    public List<TranscriptTurnInput>? Transcript { get; init; }
    public string? RecordingUrl { get; init; }
    public Dictionary<string, string>? Extracted { get; init; }
    public string? Body { get; init; }
    public string? LeadStatus { get; init; }

    public const int MaxTextLength = 4_000;
    public const int MaxTranscriptTurns = 2_000;

    /// <summary>The problems with this input, by field name (camelCase, as sent); empty when it can be recorded.</summary>
    public Dictionary<string, string[]> Validate(DateTime now) => Validate(now, out _, out _);

    /// <summary>
    /// <see cref="Validate(DateTime)"/>, also giving the lead's numbers as read (E.164, or null when not given or
    /// not valid), so the recorder need not parse them again.
    /// </summary>
    internal Dictionary<string, string[]> Validate(DateTime now, out string? leadPhone, out string? leadWhatsApp)
    {
        leadPhone = leadWhatsApp = null;
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(ExternalId))
            Add("externalId", "is required: the id your system gives this activity, so redelivery is recorded once");
        else if (ExternalId.Length > 200)
            Add("externalId", "must be at most 200 characters");

        var kind = ParseKind(Type);
        if (kind is null)
            Add("type", "must be \"call\" or \"message\"");
        if (CampaignId is null or <= 0)
            Add("campaignId", "is required");
        if (LeadId is null && string.IsNullOrWhiteSpace(LeadPhone) && string.IsNullOrWhiteSpace(LeadWhatsApp))
            Add("lead", "name the lead by leadId, leadPhone or leadWhatsApp");
        if (!string.IsNullOrWhiteSpace(LeadPhone) && PhoneNumberRules.Parse(LeadPhone) is var phone)
        {
            if (phone.IsValid)
                leadPhone = phone.E164;
            else
                Add("leadPhone", phone.Reason);
        }
        if (!string.IsNullOrWhiteSpace(LeadWhatsApp) && PhoneNumberRules.Parse(LeadWhatsApp) is var whatsApp)
        {
            if (whatsApp.IsValid)
                leadWhatsApp = whatsApp.E164;
            else
                Add("leadWhatsApp", whatsApp.Reason);
        }

        if (OccurredAt is null)
            Add("occurredAt", "is required, as an ISO 8601 time with offset, e.g. 2026-11-26T17:00:00Z");
        else if (OccurredAt.Value.UtcDateTime > now.AddMinutes(5))
            Add("occurredAt", "is in the future");

        if (Direction is not null && ParseDirection(Direction) is null)
            Add("direction", "must be \"outbound\" or \"inbound\"");
        if (Channel is not null && ParseChannel(Channel) is null)
            Add("channel", "must be \"phone\" or \"whatsapp\"");

        if (kind == ActivityKind.Call)
        {
            if (ParseCallOutcome(Outcome) is null)
                Add("outcome", "for a call must be one of answered, no_answer, voicemail, hangup, busy, failed");
            if (DurationSeconds is < 0 or > 86_400)
                Add("durationSeconds", "must be between 0 and 86400");
            if (Body is not null)
                Add("body", "is for messages; a call has a summary and a transcript");
        }
        else if (kind == ActivityKind.Message)
        {
            if (ParseDeliveryState(Outcome) is null)
                Add("outcome", "for a message must be one of sent, delivered, read, replied, failed");
            if (string.IsNullOrEmpty(Body))
                Add("body", "is required for a message");
            if (Transcript is not null || RecordingUrl is not null)
                Add(Transcript is not null ? "transcript" : "recordingUrl", "is for calls");
        }

        if (Summary?.Length > MaxTextLength)
            Add("summary", $"must be at most {MaxTextLength} characters");
        if (Body?.Length > MaxTextLength)
            Add("body", $"must be at most {MaxTextLength} characters");
        if (Transcript is { } turns)
        {
            if (turns.Count > MaxTranscriptTurns)
                Add("transcript", $"may have at most {MaxTranscriptTurns} turns");
            for (var i = 0; i < Math.Min(turns.Count, MaxTranscriptTurns); i++)
            {
                if (string.IsNullOrWhiteSpace(turns[i]?.Speaker) || turns[i]?.Text is null || turns[i]?.OffsetSeconds is null or < 0)
                    Add($"transcript[{i}]", "needs a speaker, a text and an offsetSeconds of 0 or more");
            }
        }
        if (RecordingUrl is not null && !IsRecordingUrl(RecordingUrl))
            Add("recordingUrl", "must be an http(s) URL or a path on this server");
        if (Extracted is { Count: > 200 })
            Add("extracted", "may have at most 200 entries");
        if (LeadStatus is not null && ParseLeadStatus(LeadStatus) is null)
            Add("leadStatus", $"must be one of {string.Join(", ", Enum.GetValues<Leads.LeadStatus>().Select(s => s.Slug()))}");

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    public static ActivityKind? ParseKind(string? type) => type?.ToLowerInvariant() switch
    {
        "call" => ActivityKind.Call,
        "message" => ActivityKind.Message,
        _ => null,
    };

    public static Activities.Direction? ParseDirection(string? value) => value?.ToLowerInvariant() switch
    {
        "outbound" => Activities.Direction.Outbound,
        "inbound" => Activities.Direction.Inbound,
        _ => null,
    };

    public static Campaigns.Channel? ParseChannel(string? value) => value?.ToLowerInvariant() switch
    {
        "phone" => Campaigns.Channel.Phone,
        "whatsapp" => Campaigns.Channel.WhatsApp,
        _ => null,
    };

    public static CallOutcome? ParseCallOutcome(string? value) => value?.ToLowerInvariant() switch
    {
        "answered" => CallOutcome.Answered,
        "no_answer" => CallOutcome.NoAnswer,
        "voicemail" => CallOutcome.Voicemail,
        "hangup" => CallOutcome.Hangup,
        "busy" => CallOutcome.Busy,
        "failed" => CallOutcome.Failed,
        _ => null,
    };

    public static DeliveryState? ParseDeliveryState(string? value) => value?.ToLowerInvariant() switch
    {
        "sent" => DeliveryState.Sent,
        "delivered" => DeliveryState.Delivered,
        "read" => DeliveryState.Read,
        "replied" => DeliveryState.Replied,
        "failed" => DeliveryState.Failed,
        _ => null,
    };

    public static Leads.LeadStatus? ParseLeadStatus(string? value) =>
        LeadStatusExtensions.TryParseSlug(value, out var status) ? status : null;

    private static bool IsRecordingUrl(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        || Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
