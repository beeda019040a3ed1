using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Campaigns;

/// <summary>A campaign as pickers and lists show it.</summary>
public sealed record CampaignSummary(int Id, string Name, Channel Channel, CampaignStatus Status);

/// <summary>Lists the organization's campaigns.</summary>
public sealed class CampaignDirectory(IDbContextFactory<LeadActivityDbContext> dbFactory)
{
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns
            .OrderBy(c => c.Name)
            .Select(c => new CampaignSummary(c.Id, c.Name, c.Channel, c.Status))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The custom field keys of one campaign, or of all of them (first seen first).</summary>
    public async Task<IReadOnlyList<string>> FieldKeysAsync(int? campaignId, CancellationToken cancellationToken = default) =>
        [.. (await FieldsAsync(campaignId, cancellationToken)).Select(f => f.Key)];

    /// <summary>
    /// The custom fields of one campaign, or of all of them (a key defined by several campaigns once, as first seen):
    /// what the Leads page filters, shows and sorts by.
    /// </summary>
    public async Task<IReadOnlyList<CustomFieldDefinition>> FieldsAsync(int? campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var fields = await db.Campaigns
            .Where(c => campaignId == null || c.Id == campaignId)
            .OrderBy(c => c.Id)
            .Select(c => c.Fields)
            .ToListAsync(cancellationToken);
        return fields.SelectMany(f => f).DistinctBy(f => f.Key).ToList();
    }
}
