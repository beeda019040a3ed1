using System.Data.Common;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Persistence;

/// <summary>One row of a raw query, read by column position: SQLite's prepared statement or an ADO.NET reader.</summary>
internal interface IRowValues
{
    bool IsNull(int column);

    long Int64(int column);

    string? Text(int column);
}

/// <summary>An ADO.NET reader's current row.</summary>
internal readonly struct ReaderRow(DbDataReader reader) : IRowValues
{
    public bool IsNull(int column) => reader.IsDBNull(column);

    public long Int64(int column) => reader.GetInt64(column);

    public string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}

/// <summary>
/// What the activity writers read of a lead: the column list and its reading, once for both databases, so a column
/// added here is added to every query that reads it and read at its own position.
/// </summary>
internal static class LeadStoreRow
{
    /// <summary>The columns of <c>"Leads" AS l</c>, in the order <see cref="Read"/> reads them (qualified: SQLite's json_each has an "id" of its own).</summary>
    public const string Columns = "l.\"Id\", l.\"CampaignId\", l.\"Name\", l.\"Phone\", l.\"WhatsApp\", l.\"Status\", l.\"LastActivityAt\", l.\"NextFollowUpAt\", l.\"UpdatedAt\"";

    public static Lead Read<TRow>(TRow row, int organizationId) where TRow : IRowValues => new()
    {
        Id = (int)row.Int64(0),
        OrganizationId = organizationId,
        CampaignId = (int)row.Int64(1),
        Name = row.Text(2)!,
        Phone = row.Text(3),
        WhatsApp = row.Text(4),
        Status = Enum.Parse<LeadStatus>(row.Text(5)!),
        LastActivityAt = NullableTime(row, 6),
        NextFollowUpAt = NullableTime(row, 7),
        UpdatedAt = Time(row.Int64(8)),
    };

    internal static DateTime Time(long ticks) => new(ticks, DateTimeKind.Utc);

    internal static DateTime? NullableTime<TRow>(TRow row, int column) where TRow : IRowValues =>
        row.IsNull(column) ? null : Time(row.Int64(column));
}

/// <summary>What the activity writers read of a follow-up: the column list and its reading, once for both databases.</summary>
internal static class FollowUpStoreRow
{
    public const string Columns =
        "\"Id\", \"LeadId\", \"CampaignId\", \"DueAt\", \"Attempt\", \"MaxAttempts\", \"Channel\", \"TriggerOutcome\", \"State\", \"SourceActivityId\", \"CreatedAt\", \"DispatchedAt\"";

    public static FollowUp Read<TRow>(TRow row, int organizationId) where TRow : IRowValues => new()
    {
        Id = row.Int64(0),
        OrganizationId = organizationId,
        LeadId = (int)row.Int64(1),
        CampaignId = (int)row.Int64(2),
        DueAt = LeadStoreRow.Time(row.Int64(3)),
        Attempt = (int)row.Int64(4),
        MaxAttempts = (int)row.Int64(5),
        Channel = Enum.Parse<Channel>(row.Text(6)!),
        TriggerOutcome = Enum.Parse<CallOutcome>(row.Text(7)!),
        State = Enum.Parse<FollowUpState>(row.Text(8)!),
        SourceActivityId = row.IsNull(9) ? null : row.Int64(9),
        CreatedAt = LeadStoreRow.Time(row.Int64(10)),
        DispatchedAt = LeadStoreRow.NullableTime(row, 11),
    };
}
