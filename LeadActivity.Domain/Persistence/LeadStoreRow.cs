using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// What the activity writers read of a lead: the column list and its reading, once for both databases, so a column
/// added here is added to every query that reads it and read at its own position.
/// </summary>
internal static class LeadStoreRow
{
    /// <summary>The columns of <c>"Leads" AS l</c>, in the order <see cref="Read"/> reads them (qualified: SQLite's json_each has an "id" of its own).</summary>
    public const string Columns = "l.\"Id\", l.\"CampaignId\", l.\"Name\", l.\"Phone\", l.\"WhatsApp\", l.\"Status\", l.\"LastActivityAt\", l.\"NextFollowUpAt\", l.\"UpdatedAt\", l.\"LastCallOutcome\"";

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
        LastCallOutcome = row.IsNull(9) ? null : Enum.Parse<Activities.CallOutcome>(row.Text(9)!),
    };

    internal static DateTime Time(long ticks) => new(ticks, DateTimeKind.Utc);

    internal static DateTime? NullableTime<TRow>(TRow row, int column) where TRow : IRowValues =>
        row.IsNull(column) ? null : Time(row.Int64(column));
}
