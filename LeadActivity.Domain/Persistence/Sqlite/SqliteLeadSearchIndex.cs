using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>The FTS5 index is a table of its own: new leads are added by whoever inserts them (see <see cref="LeadSearchIndex"/>).</summary>
internal sealed class SqliteLeadSearchIndex : ILeadSearchIndex
{
    public bool IndexesOnInsert => true;

    public Task AddAsync(LeadActivityDbContext db, IEnumerable<Lead> leads, CancellationToken cancellationToken) =>
        LeadSearchIndex.AddAsync(db, leads, cancellationToken);
}
