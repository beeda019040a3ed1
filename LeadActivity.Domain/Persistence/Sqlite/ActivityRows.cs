using LeadActivity.Domain.Activities;
using LeadActivity.Domain.FollowUps;
using Microsoft.Data.Sqlite;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// The INSERTs of activities and follow-ups, prepared once per connection, in the column forms EF writes (ticks, enum
/// names, <see cref="JsonColumn"/> JSON): the activity writer (<see cref="ActivityStore"/>) and the demo seed
/// (<see cref="BulkWriter"/>) write rows the same way through this one mapping.
/// </summary>
internal sealed class ActivityRows(SqliteConnection connection) : IDisposable
{
    private readonly RawStatement _activity = RawStatement.Insert(connection, "Activities",
        ["OrganizationId", "LeadId", "CampaignId", "Kind", "OccurredAt", "Direction", "Channel", "CallOutcome", "DeliveryState",
         "DurationSeconds", "Summary", "Transcript", "RecordingUrl", "Extracted", "Body", "ExternalId", "Attempt", "MaxAttempts",
         "StatusFrom", "StatusTo", "Actor"]);

    private readonly RawStatement _followUp = RawStatement.Insert(connection, "FollowUps",
        ["OrganizationId", "LeadId", "CampaignId", "DueAt", "Attempt", "MaxAttempts", "Channel", "TriggerOutcome", "SourceActivityId",
         "State", "CreatedAt", "DispatchedAt", "CancelledAt", "CancelledBy"]);

    /// <summary>Inserts the activity (its JSON columns already serialized) and sets its <see cref="Activity.Id"/>.</summary>
    public long Insert(Activity a, string? transcriptJson, string? extractedJson)
    {
        var s = _activity;
        s.Bind(1, a.OrganizationId);
        s.Bind(2, a.LeadId);
        s.Bind(3, a.CampaignId);
        s.Bind(4, a.Kind.ToString());
        s.Bind(5, UtcTicksConverter.ToTicks(a.OccurredAt));
        s.Bind(6, a.Direction?.ToString());
        s.Bind(7, a.Channel?.ToString());
        s.Bind(8, a.CallOutcome?.ToString());
        s.Bind(9, a.DeliveryState?.ToString());
        s.Bind(10, a.DurationSeconds);
        s.Bind(11, a.Summary);
        s.Bind(12, transcriptJson);
        s.Bind(13, a.RecordingUrl);
        s.Bind(14, extractedJson);
        s.Bind(15, a.Body);
        s.Bind(16, a.ExternalId);
        s.Bind(17, a.Attempt);
        s.Bind(18, a.MaxAttempts);
        s.Bind(19, a.StatusFrom?.ToString());
        s.Bind(20, a.StatusTo?.ToString());
        s.Bind(21, a.Actor);
        a.Id = s.Execute();
        return a.Id;
    }

    /// <summary>Inserts the activity, serializing its transcript and extracted data.</summary>
    public long Insert(Activity a) =>
        Insert(a, a.Transcript is null ? null : JsonColumn.Serialize(a.Transcript), a.Extracted is null ? null : JsonColumn.Serialize(a.Extracted));

    /// <summary>Inserts the follow-up and sets its <see cref="FollowUp.Id"/>.</summary>
    public long Insert(FollowUp f)
    {
        var s = _followUp;
        s.Bind(1, f.OrganizationId);
        s.Bind(2, f.LeadId);
        s.Bind(3, f.CampaignId);
        s.Bind(4, UtcTicksConverter.ToTicks(f.DueAt));
        s.Bind(5, f.Attempt);
        s.Bind(6, f.MaxAttempts);
        s.Bind(7, f.Channel.ToString());
        s.Bind(8, f.TriggerOutcome.ToString());
        s.Bind(9, f.SourceActivityId);
        s.Bind(10, f.State.ToString());
        s.Bind(11, UtcTicksConverter.ToTicks(f.CreatedAt));
        s.Bind(12, UtcTicksConverter.ToTicks(f.DispatchedAt));
        s.Bind(13, UtcTicksConverter.ToTicks(f.CancelledAt));
        s.Bind(14, f.CancelledBy);
        f.Id = s.Execute();
        return f.Id;
    }

    public void Dispose()
    {
        _activity.Dispose();
        _followUp.Dispose();
    }
}
