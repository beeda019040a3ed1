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
}
