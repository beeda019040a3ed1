using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Demo;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// One database's implementations of the features' storage seams, chosen once with the database
/// (<see cref="LeadActivityDatabase"/>): <c>Persistence/Sqlite/</c> or <c>Persistence/Postgres/</c>. Features take the
/// seam they own and never ask which database they are on.
/// </summary>
public sealed class DatabaseStores
{
    internal ILeadSearchSql LeadSearch { get; init; } = null!;

    internal ILeadImportStore Imports { get; init; } = null!;

    internal Leads.Bulk.ILeadBulkSql LeadBulk { get; init; } = null!;

    internal IActivityStores Activities { get; init; } = null!;

    internal IDemoLeadWriter DemoLeads { get; init; } = null!;

    internal ISchemaMigrator Schema { get; init; } = null!;

    internal ILeadSearchIndex SearchIndex { get; init; } = null!;

    public required ICampaignFieldValues CampaignFields { get; init; }

    public required IFollowUpClaims FollowUpClaims { get; init; }

    public required IClusterLocks Locks { get; init; }

    public required IDatabaseErrors Errors { get; init; }
}
