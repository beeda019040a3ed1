using System.Data.Common;

namespace LeadActivity.Domain.Persistence;

/// <summary>One row of a raw query, read by column position: SQLite's prepared statement or an ADO.NET reader.</summary>
internal interface IRowValues
{
    bool IsNull(int column);

    long Int64(int column);

    string? Text(int column);
}

/// <summary>An ADO.NET reader's current row.</summary>
internal readonly struct ReaderRow(DbDataReader reader) : IRowValues
{
    public bool IsNull(int column) => reader.IsDBNull(column);

    public long Int64(int column) => reader.GetInt64(column);

    public string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
