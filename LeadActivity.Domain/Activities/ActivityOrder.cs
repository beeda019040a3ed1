using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Activities;

/// <summary>
/// For the writers that record an activity through EF (a status change, a note, a cancelled retry): where app servers
/// share the database they hold the same per-organization lock as the activity writer, from before the activity gets
/// its id until its event is published. Dashboards catch up "after the last id they saw", which is only right if an organization's
/// ids become visible, and are published, in id order across every node (see <c>PostgresActivityStore</c>). SQLite
/// serializes its writers anyway.
/// </summary>
internal static class ActivityOrder
{
    /// <summary>Takes the lock on the context's connection (kept open until released); take it before any write.</summary>
    public static Task<IAsyncDisposable> HoldAsync(LeadActivityDbContext db, CancellationToken cancellationToken) =>
        db.Stores.Locks.HoldOnAsync(db, ClusterLock.ActivityOrder, db.CurrentOrganizationId, cancellationToken);
}
