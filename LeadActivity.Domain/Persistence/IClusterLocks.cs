using Microsoft.EntityFrameworkCore.Storage;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// Locks between the app servers that share the database. A database only one app server uses (SQLite) needs none of
/// them: its locks are held at once and cost nothing.
/// </summary>
public interface IClusterLocks
{
    /// <summary>Waits for the lock and holds it, on a connection of its own, until disposed.</summary>
    Task<IAsyncDisposable> HoldAsync(ClusterLock kind, int id, CancellationToken cancellationToken);

    /// <summary>Holds the lock if no one else does, until disposed; null when another server holds it.</summary>
    Task<IAsyncDisposable?> TryHoldAsync(ClusterLock kind, int id, CancellationToken cancellationToken);

    /// <summary>Waits for the lock and holds it on the context's connection (kept open) until disposed; take it before any write.</summary>
    Task<IAsyncDisposable> HoldOnAsync(LeadActivityDbContext db, ClusterLock kind, int id, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a transaction on the context that holds the lock until it ends; null where no other server can take the
    /// lock, and the context's own transactions suffice.
    /// </summary>
    Task<IDbContextTransaction?> BeginLockedTransactionAsync(LeadActivityDbContext db, ClusterLock kind, int id, CancellationToken cancellationToken);
}
