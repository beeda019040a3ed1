using System.Data.Common;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// A WHERE clause of <see cref="LeadQuery"/> over <c>"Leads" l</c>, the organization as <c>@organization</c>. A search
/// either collected and counted its hits first (<see cref="Hits"/>) or is a parameter of the clause (<see cref="Search"/>).
/// </summary>
internal sealed record LeadWhere(string Sql, int OrganizationId, int? Hits = null, string? Search = null)
{
    public DbCommand Command(DbConnection connection, string head, string tail = "")
    {
        var command = connection.CreateCommand();
        command.CommandText = $"{head} {Sql} {tail}";
        LeadActivityDatabase.Parameter(command, "@organization", OrganizationId);
        if (Search is not null)
            LeadActivityDatabase.Parameter(command, "@search", Search);
        return command;
    }
}
