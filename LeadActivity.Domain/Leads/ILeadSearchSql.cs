using System.Data.Common;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// What <see cref="LeadQuery"/>'s SQL says differently on each database: the search (a full-text index of its own or
/// a column of the table) and how it sorts (where never-active leads go, text compared byte by byte).
/// </summary>
internal interface ILeadSearchSql
{
    /// <summary>
    /// <paramref name="where"/> narrowed to the leads <paramref name="search"/> matches (national numbers read in
    /// <paramref name="regions"/>); unchanged when the text has nothing to search for.
    /// </summary>
    Task<LeadWhere> SearchAsync(DbConnection connection, LeadWhere where, string search, IReadOnlyList<string> regions, CancellationToken cancellationToken);

    /// <summary>Last activity in <paramref name="direction"/>, never-active leads last when newest first and first when oldest first.</summary>
    string LastActivityOrder(string direction);

    /// <summary><paramref name="column"/> compared byte by byte, whatever the database's collation.</summary>
    string ByteOrder(string column);

    /// <summary>A hint that pages many counted search hits by walking the last-activity index, or nothing.</summary>
    string LastActivityWalk { get; }

    /// <summary>
    /// The lead's stored value of the custom field <paramref name="key"/> as text, NULL when it has none. The key is
    /// snake_case (<see cref="Campaigns.CustomFieldDefinition.IsValidKey"/>), so it is written into the SQL as it is.
    /// </summary>
    string FieldText(string key);

    /// <summary>The same value as a number (compared with a floating-point parameter), NULL when none or not a number.</summary>
    string FieldNumber(string key);
}
