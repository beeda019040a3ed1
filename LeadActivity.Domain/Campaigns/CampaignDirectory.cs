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
}
