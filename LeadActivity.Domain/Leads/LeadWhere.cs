using System.Data.Common;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// A WHERE clause of <see cref="LeadQuery"/> over <c>"Leads" l</c>, the organization as <c>@organization</c>. A search
/// either collected and counted its hits first (<see cref="Hits"/>) or is a parameter of the clause (<see cref="Search"/>).
/// Text a person typed into a filter (custom field values) is in <see cref="Parameters"/>, never in the SQL.
/// </summary>
internal sealed record LeadWhere(string Sql, int OrganizationId, int? Hits = null, string? Search = null)
{
    public IReadOnlyList<KeyValuePair<string, object>> Parameters { get; init; } = [];

    public DbCommand Command(DbConnection connection, string head, string tail = "")
    {
        var command = connection.CreateCommand();
        command.CommandText = $"{head} {Sql} {tail}";
        Bind(command);
        return command;
    }

    /// <summary>Binds the organization, the search and the filters' values to <paramref name="command"/>.</summary>
    public void Bind(DbCommand command, bool withSearch = true)
    {
        LeadActivityDatabase.Parameter(command, "@organization", OrganizationId);
        if (withSearch && Search is not null)
            LeadActivityDatabase.Parameter(command, "@search", Search);
        foreach (var (name, value) in Parameters)
            LeadActivityDatabase.Parameter(command, name, value);
    }
}
