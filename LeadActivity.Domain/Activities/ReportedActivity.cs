using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// One reported activity on its way through <see cref="ActivityRecorder"/>: validated, its lead's numbers parsed and
/// its JSON columns serialized once, up front, on the reporting request's thread, so the writer (one at a time, by
/// SQLite's rule) does only database work and the rules. <see cref="Result"/> is set when it is decided.
/// </summary>
internal sealed class ReportedActivity
{
    private ReportedActivity(ActivityInput input) => Input = input;

    public ActivityInput Input { get; }

    /// <summary>What became of it; null until decided.</summary>
    public RecordResult? Result { get; set; }

    public string ExternalId => Input.ExternalId!;

    public int CampaignId => Input.CampaignId!.Value;

    /// <summary>The lead's phone number (E.164) when the activity names the lead by phone rather than by id.</summary>
    public string? LeadPhone { get; private init; }

    /// <summary>The lead's WhatsApp number (E.164) when the activity names the lead by that alone.</summary>
    public string? LeadWhatsApp { get; private init; }

    public LeadStatus? ReportedStatus { get; private init; }

    /// <summary>The activity to store, without its lead (known once looked up).</summary>
    public Activity Activity { get; private init; } = null!;

    public string? TranscriptJson { get; private init; }

    public string? ExtractedJson { get; private init; }

    /// <summary>Reads and validates each input; the invalid ones leave with their errors as the result.</summary>
    public static ReportedActivity[] Read(IReadOnlyList<ActivityInput> inputs, DateTime now)
    {
        var reported = new ReportedActivity[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
            reported[i] = Read(inputs[i], now);
        return reported;
    }

    private static ReportedActivity Read(ActivityInput input, DateTime now)
    {
        var errors = input.Validate(now, out var leadPhone, out var leadWhatsApp);
        if (errors.Count > 0)
            return new ReportedActivity(input) { Result = new RecordResult(RecordStatus.Invalid, null, errors) };

        // A lead is named by id, else by phone, else by WhatsApp.
        var phone = input.LeadId is null ? leadPhone : null;
        var whatsApp = input.LeadId is null && phone is null ? leadWhatsApp : null;
        var activity = ToActivity(input);
        return new ReportedActivity(input)
        {
            LeadPhone = phone,
            LeadWhatsApp = whatsApp,
            ReportedStatus = ActivityInput.ParseLeadStatus(input.LeadStatus),
            Activity = activity,
            TranscriptJson = activity.Transcript is null ? null : JsonColumn.Serialize(activity.Transcript),
            ExtractedJson = activity.Extracted is null ? null : JsonColumn.Serialize(activity.Extracted),
        };
    }

    private static Activity ToActivity(ActivityInput input)
    {
        var kind = ActivityInput.ParseKind(input.Type)!.Value;
        return new Activity
        {
            CampaignId = input.CampaignId!.Value,
            Kind = kind,
            ExternalId = input.ExternalId,
            OccurredAt = input.OccurredAt!.Value.UtcDateTime,
            Direction = ActivityInput.ParseDirection(input.Direction) ?? Direction.Outbound,
            Channel = ActivityInput.ParseChannel(input.Channel) ?? (kind == ActivityKind.Call ? Channel.Phone : Channel.WhatsApp),
            CallOutcome = kind == ActivityKind.Call ? ActivityInput.ParseCallOutcome(input.Outcome) : null,
            DeliveryState = kind == ActivityKind.Message ? ActivityInput.ParseDeliveryState(input.Outcome) : null,
            DurationSeconds = input.DurationSeconds,
            Summary = input.Summary,
            Transcript = input.Transcript?.Select(t => new TranscriptTurn(t.Speaker!, t.Text!, t.OffsetSeconds!.Value)).ToList(),
            RecordingUrl = input.RecordingUrl,
            Extracted = input.Extracted,
            Body = input.Body,
        };
    }
}
