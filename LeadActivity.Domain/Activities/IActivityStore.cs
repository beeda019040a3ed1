using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// Where <see cref="ActivityRecorder"/> reads and writes a group of activities: the SQLite store,
/// the PostgreSQL one. The recorder applies the rules in memory between the look-ups
/// and the writes; each store decides how the writes reach its database (row by row on SQLite, where a statement costs
/// microseconds; set-based in one round trip at the commit on PostgreSQL, where a round trip costs more than a row).
/// </summary>
internal interface IActivityStore : IAsyncDisposable
{
    /// <summary>
    /// Starts the group's transaction for one organization: from here until the transaction is disposed no other writer
    /// records activities for it, so its activities become visible in id order (dashboards catch up by last id).
    /// <paramref name="newActivities"/> is the most activity rows the group can insert.
    /// </summary>
    Task<IActivityTransaction> BeginAsync(int organizationId, int newActivities, CancellationToken cancellationToken);

    ValueTask<Dictionary<string, long>> KnownExternalIdsAsync(int organizationId, IReadOnlyCollection<string> externalIds);

    ValueTask<Dictionary<int, Campaign>> CampaignsAsync(int organizationId, IReadOnlyCollection<int> ids);

    ValueTask<List<Lead>> LeadsByIdAsync(int organizationId, IReadOnlyCollection<int> ids);

    ValueTask<List<Lead>> LeadsByPhoneAsync(int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> phones);

    ValueTask<List<Lead>> LeadsByWhatsAppAsync(int organizationId, IReadOnlyCollection<(int CampaignId, string Number)> numbers);

    ValueTask<List<FollowUp>> OpenFollowUpsAsync(int organizationId, IReadOnlyCollection<int> leadIds);

    /// <summary>Inserts the activity (its JSON columns already serialized), or queues it until the commit, and sets its <see cref="Activity.Id"/>.</summary>
    long Insert(Activity a, string? transcriptJson, string? extractedJson);

    void Insert(FollowUp f);

    void Update(Lead lead);

    void Update(FollowUp f);
}

/// <summary>A group's transaction: disposed without <see cref="CommitAsync"/>, nothing of the group is written.</summary>
internal interface IActivityTransaction : IAsyncDisposable
{
    Task CommitAsync();
}
