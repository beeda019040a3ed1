using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;

namespace LeadActivity.Domain.Persistence;

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
