using LeadActivity.Domain.Activities;
using Npgsql;

namespace LeadActivity.Domain.Persistence.Postgres;

internal sealed class PostgresActivityStores(LeadActivityDatabase database) : IActivityStores
{
    public async Task<IActivityStore> OpenAsync(CancellationToken cancellationToken) =>
        new PostgresActivityStore((NpgsqlConnection)await database.OpenAsync(cancellationToken));

    // One of the pool's connections, held by this node's writer.
    public async Task<IActivityStore> OpenWriterAsync() => new PostgresActivityStore((NpgsqlConnection)await database.OpenAsync());
}
