using System.Diagnostics;

namespace LeadActivity.Domain.Import;

/// <summary>How an import's commit reaches the database: every accepted row in one transaction, or none.</summary>
internal interface ILeadImportStore
{
    /// <summary>
    /// Whether other app servers may share the database: imports then beat a heartbeat, and each server fails the
    /// imports whose heartbeat stopped. Otherwise the one server's start-up finds every unfinished import its own.
    /// </summary>
    bool SharedByServers { get; }

    /// <summary>
    /// Writes the rows <paramref name="reader"/> yields (sorted by a <see cref="LeadImportScan"/> over the campaign's
    /// leads, read inside the transaction) through <see cref="LeadImporter.WriteBatchesAsync"/>, completes the import
    /// and commits. <paramref name="phase"/> runs from the start; <paramref name="indexing"/> hears when the search
    /// index is being built.
    /// </summary>
    Task<ImportTimings> CommitAsync(LeadImporter.RunContext run, LeadImportReader reader, Stopwatch phase, Action<int> rowsDone, Action? indexing,
        CancellationToken cancellationToken);

    /// <summary>
    /// Starts work after a commit, once the import shows as done, that must not delay it; the task ends when that work
    /// (and any started before) has.
    /// </summary>
    Task AfterCommitAsync();
}
