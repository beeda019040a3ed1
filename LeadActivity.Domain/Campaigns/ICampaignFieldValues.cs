using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Campaigns;

/// <summary>
/// The custom field values stored in <c>Leads.Fields</c> (JSON), as <see cref="CampaignFieldService"/> maintains them:
/// each database reads and rewrites its JSON its own way. Keys are snake_case (<see cref="CustomFieldDefinition.IsValidKey"/>).
/// Every statement runs in the context's transaction and names the context's organization.
/// </summary>
public interface ICampaignFieldValues
{
    /// <summary>How many of the campaign's leads hold a value for <paramref name="key"/>.</summary>
    Task<int> CountAsync(LeadActivityDbContext db, int campaignId, string key, CancellationToken cancellationToken);

    /// <summary>Each distinct value the campaign's leads hold for <paramref name="key"/> (null: none), with how many hold it.</summary>
    IAsyncEnumerable<StoredFieldValue> DistinctAsync(LeadActivityDbContext db, int campaignId, string key);

    /// <summary>Rewrites each (old, new) pair's old value to the new one; a null new value removes the value.</summary>
    Task ConvertAsync(LeadActivityDbContext db, int campaignId, string key, IReadOnlyList<string?[]> conversions, CancellationToken cancellationToken);

    /// <summary>Removes every lead's value for <paramref name="key"/>.</summary>
    Task RemoveAsync(LeadActivityDbContext db, int campaignId, string key, CancellationToken cancellationToken);
}

/// <summary>A value of a field and the number of leads holding it.</summary>
public sealed record StoredFieldValue
{
    public string? Value { get; init; }
    public int Count { get; init; }
}
