using Microsoft.EntityFrameworkCore.Storage;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>A SQLite file has one app server, which serializes its own writers: every lock is held at once.</summary>
internal sealed class SqliteClusterLocks : IClusterLocks
{
    public Task<IAsyncDisposable> HoldAsync(ClusterLock kind, int id, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(Held.Instance);

    public Task<IAsyncDisposable?> TryHoldAsync(ClusterLock kind, int id, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(Held.Instance);

    public Task<IAsyncDisposable> HoldOnAsync(LeadActivityDbContext db, ClusterLock kind, int id, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(Held.Instance);

    public Task<IDbContextTransaction?> BeginLockedTransactionAsync(LeadActivityDbContext db, ClusterLock kind, int id, CancellationToken cancellationToken) =>
        Task.FromResult<IDbContextTransaction?>(null);

    private sealed class Held : IAsyncDisposable
    {
        public static readonly Held Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
