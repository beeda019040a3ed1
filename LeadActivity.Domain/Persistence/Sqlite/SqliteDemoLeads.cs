using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Demo;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>The demo's leads and history through the prepared-statement bulk writer, a chunk per transaction.</summary>
internal sealed class SqliteDemoLeads(LeadActivityDatabase database) : IDemoLeadWriter
{
    // Activities are sorted by time within a chunk before insert, so ids follow time (the feed reads newest-first by id).
    private const int ChunkSize = 10_000;

    public Task<(int Leads, int Activities, int FollowUps)> WriteAsync(int organizationId, IEnumerable<DemoLead> generated, CancellationToken cancellationToken)
    {
        int leads = 0, activities = 0, followUps = 0;
        using var connection = SqliteDatabase.OpenConnection(database.ConnectionString);
        SqliteDatabase.UseBulkCache(connection);
        // A transaction per chunk: a seed is not an import, and small transactions keep the WAL and cache small.
        foreach (var chunk in generated.Chunk(ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction();
            using var writer = new BulkWriter(connection, organizationId);
            var history = new List<Activity>();
            foreach (var demo in chunk)
            {
                writer.Insert(demo.Lead);
                leads++;
                foreach (var activity in demo.History)
                {
                    activity.LeadId = demo.Lead.Id;
                    history.Add(activity);
                }
                if (demo.FollowUp is { } followUp)
                {
                    followUp.LeadId = demo.Lead.Id;
                    writer.Insert(followUp);
                    followUps++;
                }
            }
            foreach (var activity in history.OrderBy(a => a.OccurredAt))
            {
                writer.Insert(activity);
                activities++;
            }
            transaction.Commit();
        }
        SqliteDatabase.Optimize(connection);
        return Task.FromResult((leads, activities, followUps));
    }
}
