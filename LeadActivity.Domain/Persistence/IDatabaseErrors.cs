namespace LeadActivity.Domain.Persistence;

/// <summary>Classifies database exceptions once for both databases (health checks, the API's 503).</summary>
public interface IDatabaseErrors
{
    /// <summary>The failure <paramref name="exception"/> (or an exception inside it) stands for.</summary>
    DatabaseFailure Classify(Exception exception);
}
