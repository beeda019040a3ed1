namespace LeadActivity.Domain.Persistence;

/// <summary>Brings the database to the current schema with its own migrations.</summary>
internal interface ISchemaMigrator
{
    Task MigrateAsync(CancellationToken cancellationToken);
}
