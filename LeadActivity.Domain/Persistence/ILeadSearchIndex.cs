using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Persistence;

/// <summary>Keeps a search index that lives apart from the Leads table up to date with leads EF inserts.</summary>
internal interface ILeadSearchIndex
{
    /// <summary>Whether new leads must be added to the index by whoever inserts them (no trigger or generated column does).</summary>
    bool IndexesOnInsert { get; }

    /// <summary>Adds <paramref name="leads"/>, just saved through <paramref name="db"/>, in its transaction.</summary>
    Task AddAsync(LeadActivityDbContext db, IEnumerable<Lead> leads, CancellationToken cancellationToken);
}
