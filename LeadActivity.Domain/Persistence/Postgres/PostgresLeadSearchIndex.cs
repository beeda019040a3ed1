using LeadActivity.Domain.Leads;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>The search vector is a generated column of Leads: every insert indexes itself.</summary>
internal sealed class PostgresLeadSearchIndex : ILeadSearchIndex
{
    public bool IndexesOnInsert => false;

    public Task AddAsync(LeadActivityDbContext db, IEnumerable<Lead> leads, CancellationToken cancellationToken) => Task.CompletedTask;
}
