using System.Text.Json;
using System.Text.Json.Serialization;
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

    /// <summary>When it happened; read from JSON only with its offset (see <see cref="ReportedTimeConverter"/>).</summary>
    [JsonConverter(typeof(ReportedTimeConverter))]
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

    /// <summary>
    /// Reads one activity of the API's body (JSON, camelCase). A field of the wrong type (a string for a number, a
    /// time without its offset) leaves null with the field named in <paramref name="errors"/>, worded as
    /// <see cref="Validate(DateTime)"/> words the rest.
    /// </summary>
    public static ActivityInput? Read(JsonElement element, out Dictionary<string, string[]>? errors)
    {
        errors = null;
        try
        {
            return element.Deserialize<ActivityInput>(JsonOptions);
        }
        catch (JsonException e)
        {
            var (field, message) = WrongType(e);
            errors = new() { [field] = [message] };
            return null;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    internal const string TimeFormat = "must be an ISO 8601 time with its offset, e.g. 2026-11-26T17:00:00Z or 2026-11-26T12:00:00-05:00";

    /// <summary>The field a <see cref="JsonException"/> is about, by its JSON path, and what that field must be.</summary>
    private static (string Field, string Message) WrongType(JsonException e)
    {
        // "$.transcript[0].offsetSeconds", "$.extracted.budget", "$['durationSeconds']"; property names as sent.
        var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
        var name = path.Split('.', '[')[0].Trim('\'', ']');
        if (name.Length == 0)
            return ("body", "must be an activity object");
        var field = Fields.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;
        if (e is ReportedFieldException reported)
            return (field, reported.Message);
        return field switch
        {
            "campaignId" or "leadId" => (field, "must be a whole number"),
            "durationSeconds" => (field, $"must be a whole number of seconds from 0 to {ActivityLimits.CallSeconds}"),
            "occurredAt" => (field, TimeFormat),
            "extracted" => (field, "must be an object whose values are strings"),
            "transcript" when path.EndsWith("offsetSeconds", StringComparison.OrdinalIgnoreCase) =>
                (TurnField(path, "offsetSeconds"), $"must be a number of seconds from 0 to {ActivityLimits.CallSeconds}"),
            "transcript" when path.EndsWith("speaker", StringComparison.OrdinalIgnoreCase) => (TurnField(path, "speaker"), "must be a string"),
            "transcript" when path.EndsWith("text", StringComparison.OrdinalIgnoreCase) => (TurnField(path, "text"), "must be a string"),
            "transcript" => (field, "must be an array of turns, each {\"speaker\": …, \"text\": …, \"offsetSeconds\": …}"),
            _ when Fields.Contains(field) => (field, "must be a string"),
            _ => (field, "has the wrong type"),
        };

        // "transcript[3].text", as the turn's other errors are named.
        static string TurnField(string path, string leaf) =>
            path.LastIndexOf('.') is > 0 and var dot && path.StartsWith("transcript[", StringComparison.OrdinalIgnoreCase)
                ? "transcript" + path["transcript".Length..dot] + "." + leaf
                : "transcript";
    }

    private static readonly string[] Fields =
    [
        "externalId", "type", "campaignId", "leadId", "leadPhone", "leadWhatsApp", "occurredAt", "direction", "channel",
        "outcome", "durationSeconds", "summary", "transcript", "recordingUrl", "extracted", "body", "leadStatus",
    ];

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
        else if (ExternalId.Length > ActivityLimits.ExternalIdLength)
            Add("externalId", $"must be at most {ActivityLimits.ExternalIdLength} characters");
        else if (HasNul(ExternalId))
            Add("externalId", NulMessage);

        var kind = ParseKind(Type);
        if (kind is null)
            Add("type", "must be \"call\" or \"message\"");
        if (CampaignId is null)
            Add("campaignId", "is required");
        else if (CampaignId <= 0)
            Add("campaignId", "must be a campaign's id, a whole number of 1 or more");
        if (LeadId is <= 0)
            Add("leadId", "must be a lead's id, a whole number of 1 or more");
        if (LeadId is null && string.IsNullOrWhiteSpace(LeadPhone) && string.IsNullOrWhiteSpace(LeadWhatsApp))
            Add("lead", "name the lead by leadId, leadPhone or leadWhatsApp");
        leadPhone = LeadNumber("leadPhone", LeadPhone, Add);
        leadWhatsApp = LeadNumber("leadWhatsApp", LeadWhatsApp, Add);

        if (OccurredAt is not { } occurredAt)
            Add("occurredAt", "is required, as an ISO 8601 time with its offset, e.g. 2026-11-26T17:00:00Z");
        else if (occurredAt < ActivityLimits.EarliestOccurredAt)
            Add("occurredAt", $"must not be before {ActivityLimits.EarliestOccurredAt:yyyy-MM-dd} (UTC)");
        else if (occurredAt.UtcDateTime > now + ActivityLimits.ClockSkew)
            Add("occurredAt", $"is in the future: it may be at most {ActivityLimits.ClockSkew.TotalMinutes:0} minutes ahead of the server's clock ({now:yyyy-MM-ddTHH:mm:ssZ})");

        if (Direction is not null && ParseDirection(Direction) is null)
            Add("direction", "must be \"outbound\" or \"inbound\"");
        if (Channel is not null && ParseChannel(Channel) is null)
            Add("channel", "must be \"phone\" or \"whatsapp\"");

        if (kind == ActivityKind.Call)
        {
            if (ParseCallOutcome(Outcome) is null)
                Add("outcome", "for a call must be one of answered, no_answer, voicemail, hangup, busy, failed");
            if (DurationSeconds is < 0 or > ActivityLimits.CallSeconds)
                Add("durationSeconds", $"must be between 0 and {ActivityLimits.CallSeconds}");
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

        if (Summary?.Length > ActivityLimits.SummaryLength)
            Add("summary", $"must be at most {ActivityLimits.SummaryLength} characters");
        else if (HasNul(Summary))
            Add("summary", NulMessage);
        if (Body?.Length > ActivityLimits.BodyLength)
            Add("body", $"must be at most {ActivityLimits.BodyLength} characters");
        else if (HasNul(Body))
            Add("body", NulMessage);
        if (Transcript is { } turns)
            ValidateTranscript(turns, Add);
        if (RecordingUrl is not null)
        {
            if (RecordingUrl.Length > ActivityLimits.RecordingUrlLength)
                Add("recordingUrl", $"must be at most {ActivityLimits.RecordingUrlLength} characters");
            else if (!IsRecordingUrl(RecordingUrl))
                Add("recordingUrl", "must be an https URL (https is required: the call page cannot play a recording over http) or a path on this server");
        }
        if (Extracted is { } extracted)
            ValidateExtracted(extracted, Add);
        if (LeadStatus is not null && ParseLeadStatus(LeadStatus) is null)
            Add("leadStatus", $"must be one of {string.Join(", ", Enum.GetValues<Leads.LeadStatus>().Select(s => s.Slug()))}");

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>The lead's number as E.164 when given and valid; otherwise null, with the reason added.</summary>
    private static string? LeadNumber(string field, string? number, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(number))
            return null;
        if (number.Length > ActivityLimits.LeadNumberLength)
        {
            add(field, $"must be at most {ActivityLimits.LeadNumberLength} characters");
            return null;
        }
        var parsed = PhoneNumberRules.Parse(number);
        if (parsed.IsValid)
            return parsed.E164;
        add(field, parsed.Reason);
        return null;
    }

    // A transcript at the limit has 500 turns: name the first few bad ones, not all of them.
    private const int TurnsNamed = 10;

    private static void ValidateTranscript(List<TranscriptTurnInput> turns, Action<string, string> add)
    {
        if (turns.Count > ActivityLimits.TranscriptTurns)
        {
            add("transcript", $"may have at most {ActivityLimits.TranscriptTurns} turns; this one has {turns.Count}");
            return;
        }
        var named = 0;
        for (var i = 0; i < turns.Count && named < TurnsNamed; i++)
        {
            var before = named;
            foreach (var (leaf, message) in TurnProblems(turns[i]))
            {
                add($"transcript[{i}]{leaf}", message);
                named = before + 1;
            }
        }
    }

    private static IEnumerable<(string Leaf, string Message)> TurnProblems(TranscriptTurnInput? turn)
    {
        if (turn is null)
        {
            yield return ("", "must be a turn: {\"speaker\": …, \"text\": …, \"offsetSeconds\": …}");
            yield break;
        }
        if (string.IsNullOrWhiteSpace(turn.Speaker))
            yield return (".speaker", "is required");
        else if (turn.Speaker.Length > ActivityLimits.SpeakerLength)
            yield return (".speaker", $"must be at most {ActivityLimits.SpeakerLength} characters");
        else if (HasNul(turn.Speaker))
            yield return (".speaker", NulMessage);
        if (turn.Text is null)
            yield return (".text", "is required");
        else if (turn.Text.Length > ActivityLimits.TurnTextLength)
            yield return (".text", $"must be at most {ActivityLimits.TurnTextLength} characters");
        else if (HasNul(turn.Text))
            yield return (".text", NulMessage);
        // "NaN" and "Infinity" arrive as strings the serializer reads as numbers; they cannot be stored as JSON.
        if (turn.OffsetSeconds is not { } offset)
            yield return (".offsetSeconds", "is required");
        else if (!double.IsFinite(offset) || offset is < 0 or > ActivityLimits.CallSeconds)
            yield return (".offsetSeconds", $"must be a number of seconds from 0 to {ActivityLimits.CallSeconds}");
    }

    private static void ValidateExtracted(Dictionary<string, string> extracted, Action<string, string> add)
    {
        if (extracted.Count > ActivityLimits.ExtractedEntries)
        {
            add("extracted", $"may have at most {ActivityLimits.ExtractedEntries} entries; this one has {extracted.Count}");
            return;
        }
        foreach (var (key, value) in extracted)
        {
            var name = key.Length > 40 ? key[..40] + "…" : key;
            if (string.IsNullOrWhiteSpace(key))
                add("extracted", "has an empty key");
            else if (key.Length > ActivityLimits.ExtractedKeyLength)
                add("extracted", $"keys must be at most {ActivityLimits.ExtractedKeyLength} characters (\"{name}\" has {key.Length})");
            else if (HasNul(key))
                add("extracted", $"keys {NulMessage}");
            if (value is null)
                add("extracted", $"values must be strings (\"{name}\" is null)");
            else if (value.Length > ActivityLimits.ExtractedValueLength)
                add("extracted", $"values must be at most {ActivityLimits.ExtractedValueLength} characters (\"{name}\" has {value.Length})");
            else if (HasNul(value))
                add("extracted", $"values {NulMessage} (\"{name}\")");
        }
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

    /// <summary>The channel as the API names it, read and written alike (<see cref="ParseChannel"/> reads it back).</summary>
    public static string ChannelName(Campaigns.Channel channel) => channel switch
    {
        Campaigns.Channel.WhatsApp => "whatsapp",
        _ => "phone",
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

    // PostgreSQL's text cannot hold U+0000: one in a summary, an external id or a URL failed the writer's whole group
    // there (500 for every request in it), while SQLite stored it. Refused on both, and in the JSON columns too (which
    // hold it escaped), so an activity means the same on either database.
    private static bool HasNul(string? text) => text?.Contains('\0') == true;

    private const string NulMessage = "must not contain the NUL character (\\u0000)";

    /// <summary>An https URL, or a path served by this app (the demo's recordings): what the call page can play.</summary>
    private static bool IsRecordingUrl(string url) => !HasNul(url) && (
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        || Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host));
}

/// <summary>A field the API's body holds in a form that cannot be read, with what it must be instead.</summary>
internal sealed class ReportedFieldException(string message) : JsonException(message);

/// <summary>
/// Reads <see cref="ActivityInput.OccurredAt"/>: an ISO 8601 time that says its offset (<c>Z</c> or <c>±hh:mm</c>).
/// Without one, System.Text.Json would read the time as the server's local time, which no integrator means.
/// </summary>
internal sealed class ReportedTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var time))
            throw new ReportedFieldException(ActivityInput.TimeFormat);
        if (!HasOffset(reader.GetString()!))
            throw new ReportedFieldException("must say its offset from UTC (Z or ±hh:mm, e.g. 2026-11-26T17:00:00Z): a time without one would be read as the server's local time");
        return time;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
            writer.WriteStringValue(time);
        else
            writer.WriteNullValue();
    }

    // ISO 8601 as System.Text.Json reads it: a date, then T and a time, then Z or a signed offset.
    private static bool HasOffset(string text)
    {
        var time = text.IndexOfAny(['T', 't']);
        return time > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(time).IndexOfAny('+', '-') >= 0);
    }
}
