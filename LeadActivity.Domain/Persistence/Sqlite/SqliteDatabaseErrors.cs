using Microsoft.Data.Sqlite;

namespace LeadActivity.Domain.Persistence.Sqlite;

internal sealed class SqliteDatabaseErrors : IDatabaseErrors
{
    public DatabaseFailure Classify(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite)
            {
                return sqlite.SqliteErrorCode switch
                {
                    SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED => DatabaseFailure.Busy,
                    SQLitePCL.raw.SQLITE_CONSTRAINT => DatabaseFailure.Constraint,
                    SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_IOERR
                        or SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_FULL or SQLitePCL.raw.SQLITE_PERM => DatabaseFailure.Unavailable,
                    _ => DatabaseFailure.None,
                };
            }
        }
        return DatabaseFailure.None;
    }
}
