using LeadActivity.Domain.Activities;
using Microsoft.Data.Sqlite;

namespace LeadActivity.Domain.Persistence.Sqlite;

internal sealed class SqliteActivityStores(LeadActivityDatabase database) : IActivityStores
{
    public Task<IActivityStore> OpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IActivityStore>(new SqliteActivityStore((SqliteConnection)database.Open(), ownsConnection: true));

    // Outside the pool, with its statements prepared once (SqliteDatabase.OpenWriterConnection says why).
    public Task<IActivityStore> OpenWriterAsync() =>
        Task.FromResult<IActivityStore>(new SqliteActivityStore(SqliteDatabase.OpenWriterConnection(database.ConnectionString), ownsConnection: true));
}
