namespace LeadActivity.Domain.Leads.Bulk;

/// <summary>
/// The part of a bulk action's SQL that differs by database: the connection-private table of the selected leads' ids
/// that every statement of the action then joins (the rest of the SQL is shared, <see cref="LeadBulkWriter"/>).
/// </summary>
internal interface ILeadBulkSql
{
    /// <summary>
    /// Statements that create (or empty) the connection's id table <paramref name="table"/> inside the current
    /// transaction, fill it with <paramref name="select"/> (one column of lead ids) and leave it ready for joins.
    /// </summary>
    string FillIdTable(string table, string select);

    /// <summary>
    /// A statement that copies the rows of <paramref name="table"/> matching <paramref name="where"/> (over the table
    /// as <c>t</c>) into <c>"DeletedRows"</c> for the delete <c>@bulk</c>: <paramref name="columns"/> as a JSON object by
    /// column name, the row's id, and for leads their campaign and number.
    /// </summary>
    string ArchiveRows(string table, IReadOnlyList<string> columns, string where);

    /// <summary>A statement that inserts back into <paramref name="table"/> the rows the delete <c>@bulk</c> archived, with their ids.</summary>
    string RestoreRows(string table, IReadOnlyList<string> columns);

    /// <summary>
    /// What adds the leads <paramref name="leadIds"/> (a SELECT of ids) to the search index, where the database does
    /// not itself ("" if it does): leads a bulk action inserted (copies, restored leads).
    /// </summary>
    string IndexLeads(string leadIds);
}
