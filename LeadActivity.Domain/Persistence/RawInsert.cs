using Microsoft.Data.Sqlite;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// An INSERT prepared on SQLite itself, bound and stepped without ADO.NET's per-execution work (parameter boxing,
/// re-binding by name): for the row-per-call bulk paths, where that work measured several times SQLite's own.
/// Runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class RawInsert : IDisposable
{
    private readonly SQLitePCL.sqlite3 _db;
    private readonly SQLitePCL.sqlite3_stmt _statement;

    public RawInsert(SqliteConnection connection, string table, string[] columns)
    {
        _db = connection.Handle!;
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
        Check(SQLitePCL.raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public void Bind(int index, long value) => SQLitePCL.raw.sqlite3_bind_int64(_statement, index, value);

    public void Bind(int index, long? value)
    {
        if (value is { } v)
            SQLitePCL.raw.sqlite3_bind_int64(_statement, index, v);
        else
            SQLitePCL.raw.sqlite3_bind_null(_statement, index);
    }

    public void Bind(int index, string? value)
    {
        if (value is null)
            SQLitePCL.raw.sqlite3_bind_null(_statement, index);
        else
            SQLitePCL.raw.sqlite3_bind_text16(_statement, index, value.AsSpan()); // SQLite converts in C, with no managed copy
    }

    /// <summary>Runs the insert and returns the new row's id.</summary>
    public long Execute()
    {
        var result = SQLitePCL.raw.sqlite3_step(_statement);
        SQLitePCL.raw.sqlite3_reset(_statement);
        if (result != SQLitePCL.raw.SQLITE_DONE)
            Check(result);
        return SQLitePCL.raw.sqlite3_last_insert_rowid(_db);
    }

    private void Check(int result)
    {
        if (result is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_DONE))
            throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(_db).utf8_to_string(), result, SQLitePCL.raw.sqlite3_extended_errcode(_db));
    }

    public void Dispose() => _statement.Dispose();
}
