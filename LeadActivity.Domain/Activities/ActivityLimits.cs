namespace LeadActivity.Domain.Activities;

/// <summary>
/// What one reported call or message may hold, field by field, and when it may have happened: the ingestion API
/// answers anything past these with a 400 naming the field, and the README's ingestion section publishes the same
/// figures. Lengths count UTF-16 code units (.NET string length), as the database columns do.
/// </summary>
public static class ActivityLimits
{
    /// <summary>Activities in one request's array.</summary>
    public const int BatchSize = 1_000;

    public const int ExternalIdLength = 200;

    /// <summary>A lead's phone or WhatsApp number as sent, before it is read as E.164 (at most 16 characters).</summary>
    public const int LeadNumberLength = 50;

    /// <summary>The call's summary: the size of its column.</summary>
    public const int SummaryLength = 4_000;

    public const int TranscriptTurns = 500;
    public const int TurnTextLength = 4_000;
    public const int SpeakerLength = 100;

    public const int ExtractedEntries = 100;
    public const int ExtractedKeyLength = 100;
    public const int ExtractedValueLength = 2_000;

    /// <summary>The recording's URL: the size of its column. Only https (the pages' content policy blocks http media).</summary>
    public const int RecordingUrlLength = 2_048;

    /// <summary>A message's text.</summary>
    public const int BodyLength = 4_096;

    /// <summary>A call's duration, and a transcript turn's offset into it: one day.</summary>
    public const int CallSeconds = 86_400;

    /// <summary>No activity reported through the API happened before this.</summary>
    public static readonly DateTimeOffset EarliestOccurredAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the server's clock an activity may be dated: the agent's clock may run a little fast.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest body one request may send. It holds one call at every limit above written by a serializer that
    /// escapes every character outside ASCII (six bytes each, as System.Text.Json and Python do by default): about
    /// 2.27 million characters, 13.6 MB with the JSON around them. A batch is bounded by this and by
    /// <see cref="BatchSize"/>, whichever comes first.
    /// </summary>
    public const long RequestBytes = 16 * 1024 * 1024;
}
