using System.Net.Sockets;
using Npgsql;

namespace LeadActivity.Domain.Persistence.Postgres;

internal sealed class PostgresDatabaseErrors : IDatabaseErrors
{
    public DatabaseFailure Classify(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState switch
                    {
                        PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                            or PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.TooManyConnections => DatabaseFailure.Busy,
                        PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InvalidPassword
                            or PostgresErrorCodes.InvalidAuthorizationSpecification => DatabaseFailure.Unavailable,
                        _ when postgres.SqlState.StartsWith("23", StringComparison.Ordinal) => DatabaseFailure.Constraint, // integrity constraint violation
                        _ when postgres.SqlState.StartsWith("08", StringComparison.Ordinal) => DatabaseFailure.Unavailable, // connection exception
                        _ => DatabaseFailure.None,
                    };
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                    return DatabaseFailure.Unavailable;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return DatabaseFailure.Unavailable;
            }
        }
        return DatabaseFailure.None;
    }
}
