namespace LeadActivity.Domain.Import;

/// <summary>
/// The import's commit found its import no longer its own: another server took it for dead (its heartbeat stopped)
/// and marked it failed, so this transaction must not commit.
/// </summary>
internal sealed class ImportTakenOverException(int importId)
    : Exception($"Import {importId} was marked failed by another server while this one ran it; its transaction is rolled back.");
