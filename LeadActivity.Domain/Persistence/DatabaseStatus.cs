using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence;

/// <summary>Answers "can the app read its database?" for the health endpoint.</summary>
public sealed class DatabaseStatus(IDbContextFactory<LeadActivityDbContext> dbFactory, IDatabaseErrors errors)
{
    /// <summary>Null when the database answers a query, otherwise what went wrong.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Organizations.IgnoreQueryFilters().AnyAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (errors.Classify(e) is not DatabaseFailure.None || e is System.Data.Common.DbException or InvalidOperationException)
        {
            return e.Message;
        }
    }
}
