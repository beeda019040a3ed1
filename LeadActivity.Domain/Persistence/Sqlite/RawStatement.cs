using LeadActivity.Domain.Persistence;
using Microsoft.Data.Sqlite;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// A statement prepared on SQLite itself, bound and stepped without ADO.NET's per-execution work (parameter boxing,
/// re-binding by name, a data reader per query): for the row-per-call bulk paths and the activity writer, where that
/// work measured several times SQLite's own. Runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class RawStatement : IRowValues, IDisposable
{
    private readonly SQLitePCL.sqlite3 _db;
    private readonly SQLitePCL.sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(SQLitePCL.raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>An INSERT of the given columns, bound by position (1 = the first column).</summary>
    public static RawStatement Insert(SqliteConnection connection, string table, string[] columns) =>
        new(connection, $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})");

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
        Run();
        return SQLitePCL.raw.sqlite3_last_insert_rowid(_db);
    }

    /// <summary>Runs a statement that returns no rows; returns how many rows it changed.</summary>
    public int Run()
    {
        var result = SQLitePCL.raw.sqlite3_step(_statement);
        SQLitePCL.raw.sqlite3_reset(_statement);
        if (result != SQLitePCL.raw.SQLITE_DONE)
            Check(result);
        return SQLitePCL.raw.sqlite3_changes(_db);
    }

    /// <summary>Runs a query, calling <paramref name="read"/> for each row; the statement is reset even if it throws.</summary>
    public void Query(Action<RawStatement> read)
    {
        try
        {
            int result;
            while ((result = SQLitePCL.raw.sqlite3_step(_statement)) == SQLitePCL.raw.SQLITE_ROW)
                read(this);
            if (result != SQLitePCL.raw.SQLITE_DONE)
                Check(result);
        }
        finally
        {
            SQLitePCL.raw.sqlite3_reset(_statement);
        }
    }

    public bool IsNull(int column) => SQLitePCL.raw.sqlite3_column_type(_statement, column) == SQLitePCL.raw.SQLITE_NULL;

    public long Int64(int column) => SQLitePCL.raw.sqlite3_column_int64(_statement, column);

    public long? NullableInt64(int column) => IsNull(column) ? null : Int64(column);

    public string? Text(int column) => IsNull(column) ? null : SQLitePCL.raw.sqlite3_column_text(_statement, column).utf8_to_string();

    private void Check(int result)
    {
        if (result is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_DONE))
            throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(_db).utf8_to_string(), result, SQLitePCL.raw.sqlite3_extended_errcode(_db));
    }

    public void Dispose() => _statement.Dispose();
}
