using LeadActivity.Domain.Demo;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// The demo's leads and history through EF, a chunk per transaction: the generated search column needs no second
/// write, and a demo's few thousand leads take a second or two.
/// </summary>
internal sealed class PostgresDemoLeads(LeadActivityDatabase database) : IDemoLeadWriter
{
    private const int ChunkSize = 10_000;

    public async Task<(int Leads, int Activities, int FollowUps)> WriteAsync(int organizationId, IEnumerable<DemoLead> generated, CancellationToken cancellationToken)
    {
        int leads = 0, activities = 0, followUps = 0;
        foreach (var chunk in generated.Chunk(ChunkSize))
        {
            await using var db = database.CreateContext(organizationId);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Leads.AddRange(chunk.Select(d => d.Lead));
            await db.SaveChangesAsync(cancellationToken);
            foreach (var demo in chunk)
            {
                foreach (var activity in demo.History)
                    activity.LeadId = demo.Lead.Id;
                if (demo.FollowUp is { } followUp)
                {
                    followUp.LeadId = demo.Lead.Id;
                    db.FollowUps.Add(followUp);
                    followUps++;
                }
            }
            var history = chunk.SelectMany(d => d.History).OrderBy(a => a.OccurredAt).ToList();
            // Added in time order, so their ids follow time (the feed reads newest first by id).
            db.Activities.AddRange(history);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            leads += chunk.Length;
            activities += history.Count;
        }
        return (leads, activities, followUps);
    }
}
