using LeadActivity.Domain.Persistence;
using Npgsql;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// The advisory locks LeadActivity takes on PostgreSQL to coordinate its app servers, in one place so no two features
/// share a key. Each is the two-key form: the class below, and the id of what is locked (an organization, a campaign).
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>Per organization: its activity writes, from an activity's id to its publish (see <c>PostgresActivityStore</c>).</summary>
    public const int ActivityOrder = 0x4C41_0001;

    /// <summary>Per campaign: the node whose simulated agent is contacting the campaign's new leads.</summary>
    public const int CampaignWork = 0x4C41_0002;

    /// <summary>Per campaign: the import adding leads to it (its scan of existing numbers stays true until it commits).</summary>
    public const int CampaignLeads = 0x4C45_4144; // "LEAD"

    /// <summary>Per organization: a change to its members (an organization always keeps an admin).</summary>
    public const int Members = 0x4D45_4D42; // "MEMB"

    /// <summary>With id 0: start-up work nodes starting together must take turns at (migrating, the demo seed).</summary>
    public const int Startup = 0x4C41_0003;

    public static int Class(ClusterLock kind) => kind switch
    {
        ClusterLock.ActivityOrder => ActivityOrder,
        ClusterLock.CampaignWork => CampaignWork,
        ClusterLock.CampaignLeads => CampaignLeads,
        ClusterLock.Members => Members,
        ClusterLock.Startup => Startup,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Takes a session lock, waiting for it; it outlives transactions and is held until <see cref="UnlockAsync"/>.</summary>
    public static async Task LockAsync(NpgsqlConnection connection, int lockClass, int id, CancellationToken cancellationToken) =>
        await CallAsync(connection, "pg_advisory_lock", lockClass, id, cancellationToken);

    /// <summary>Takes a session lock if no one holds it; false otherwise.</summary>
    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, int lockClass, int id, CancellationToken cancellationToken) =>
        (bool)(await CallAsync(connection, "pg_try_advisory_lock", lockClass, id, cancellationToken))!;

    /// <summary>
    /// Releases a session lock. A broken connection has lost its session, and the lock with it; a session that cannot
    /// release it must not go back to the pool still holding it (where whoever waits for it would wait until the pool
    /// happened to reuse it), so its pool closes it instead.
    /// </summary>
    public static async Task UnlockAsync(NpgsqlConnection connection, int lockClass, int id)
    {
        if (!connection.FullState.HasFlag(System.Data.ConnectionState.Open) || connection.FullState.HasFlag(System.Data.ConnectionState.Broken))
            return;
        try
        {
            await CallAsync(connection, "pg_advisory_unlock", lockClass, id, CancellationToken.None);
        }
        catch
        {
            NpgsqlConnection.ClearPool(connection);
            throw;
        }
    }

    private static async Task<object?> CallAsync(NpgsqlConnection connection, string function, int lockClass, int id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@class, @id)", connection);
        command.Parameters.Add(new NpgsqlParameter<int>("class", lockClass));
        command.Parameters.Add(new NpgsqlParameter<int>("id", id));
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
