using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// For the writers that record an activity through EF (a status change, a note, a cancelled retry): on PostgreSQL
/// they hold the same per-organization lock as the activity writer, from before the activity gets its id until its
/// event is published. Dashboards catch up "after the last id they saw", which is only right if an organization's
/// ids become visible, and are published, in id order across every node (see <c>PostgresActivityStore</c>). SQLite
/// serializes its writers anyway.
/// </summary>
internal static class ActivityOrder
{
    /// <summary>Takes the lock on the context's connection (kept open until released); take it before any write.</summary>
    public static async Task<IAsyncDisposable> HoldAsync(LeadActivityDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
            return NotNeeded.Instance;
        await db.Database.OpenConnectionAsync(cancellationToken);
        await AdvisoryLocks.LockAsync((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), AdvisoryLocks.ActivityOrder, db.CurrentOrganizationId, cancellationToken);
        return new Held(db);
    }

    private sealed class Held(LeadActivityDbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // A session lock outlives the transaction, so it is released explicitly.
            try
            {
                await AdvisoryLocks.UnlockAsync((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), AdvisoryLocks.ActivityOrder, db.CurrentOrganizationId);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed class NotNeeded : IAsyncDisposable
    {
        public static readonly NotNeeded Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
