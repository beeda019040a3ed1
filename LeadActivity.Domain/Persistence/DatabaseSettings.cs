namespace LeadActivity.Domain.Persistence;

/// <summary>The <c>Database</c> settings section.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the default) or <c>Postgres</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>With PostgreSQL: the folder where this node keeps its own files (uploads while they are imported).</summary>
    public string? DataFolder { get; set; }
}
