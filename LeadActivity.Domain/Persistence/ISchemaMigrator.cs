namespace LeadActivity.Domain.Persistence;

/// <summary>Brings the database to the current schema with its own migrations.</summary>
internal interface ISchemaMigrator
{
    /// <summary>
    /// Creates the database when it is missing. App servers starting together may all try: the one that loses the race
    /// finds it there and carries on.
    /// </summary>
    Task CreateDatabaseAsync(CancellationToken cancellationToken);

    Task MigrateAsync(CancellationToken cancellationToken);
}
