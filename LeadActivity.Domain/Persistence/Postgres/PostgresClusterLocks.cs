using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>Advisory locks (<see cref="AdvisoryLocks"/>): session locks held until disposed, or transaction locks.</summary>
internal sealed class PostgresClusterLocks(LeadActivityDatabase database) : IClusterLocks
{
    public async Task<IAsyncDisposable> HoldAsync(ClusterLock kind, int id, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        try
        {
            await AdvisoryLocks.LockAsync(connection, AdvisoryLocks.Class(kind), id, cancellationToken);
            return new Session(connection, kind, id);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IAsyncDisposable?> TryHoldAsync(ClusterLock kind, int id, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        try
        {
            if (await AdvisoryLocks.TryLockAsync(connection, AdvisoryLocks.Class(kind), id, cancellationToken))
                return new Session(connection, kind, id);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async Task<IAsyncDisposable> HoldOnAsync(LeadActivityDbContext db, ClusterLock kind, int id, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await AdvisoryLocks.LockAsync((NpgsqlConnection)db.Database.GetDbConnection(), AdvisoryLocks.Class(kind), id, cancellationToken);
        return new ContextSession(db, kind, id);
    }

    public async Task<IDbContextTransaction?> BeginLockedTransactionAsync(LeadActivityDbContext db, ClusterLock kind, int id, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.Class(kind)}, {id})", cancellationToken);
        return transaction;
    }

    private sealed class Session(NpgsqlConnection connection, ClusterLock kind, int id) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await AdvisoryLocks.UnlockAsync(connection, AdvisoryLocks.Class(kind), id);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class ContextSession(LeadActivityDbContext db, ClusterLock kind, int id) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // A session lock outlives the transaction, so it is released explicitly.
            try
            {
                await AdvisoryLocks.UnlockAsync((NpgsqlConnection)db.Database.GetDbConnection(), AdvisoryLocks.Class(kind), id);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
