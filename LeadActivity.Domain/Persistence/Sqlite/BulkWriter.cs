using LeadActivity.Domain.Activities;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Microsoft.Data.Sqlite;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// Prepared-statement inserts for bulk paths (the seed), about ten times EF's rate. Writes the same column
/// forms EF does (ticks, enum names, <see cref="JsonColumn"/> JSON) inside the transaction the caller has open on the
/// connection.
/// </summary>
public sealed class BulkWriter : IDisposable
{
    private readonly RawStatement _lead;
    private readonly RawStatement _search;
    private readonly ActivityRows _rows;

    public BulkWriter(SqliteConnection connection, int organizationId)
    {
        OrganizationId = organizationId;
        _lead = RawStatement.Insert(connection, "Leads",
            ["OrganizationId", "CampaignId", "Name", "Phone", "WhatsApp", "Email", "PhoneSuffixKeys", "Status", "Fields", "CreatedAt", "UpdatedAt", "LastActivityAt", "NextFollowUpAt", "ImportId", "SortName", "Country", "LastCallOutcome"]);
        // Its named parameters ($id, $name, $email, $fields, $phones) are numbered 1–5 in that order.
        _search = new RawStatement(connection, LeadSearchIndex.InsertSql);
        _rows = new ActivityRows(connection);
    }

    public int OrganizationId { get; }

    /// <summary>Inserts the lead, sets its <see cref="Lead.Id"/> and adds it to the search index.</summary>
    public int Insert(Lead lead)
    {
        lead.OrganizationId = OrganizationId;
        _lead.Bind(1, lead.OrganizationId);
        _lead.Bind(2, lead.CampaignId);
        _lead.Bind(3, lead.Name);
        _lead.Bind(4, lead.Phone);
        _lead.Bind(5, lead.WhatsApp);
        _lead.Bind(6, lead.Email);
        _lead.Bind(7, lead.PhoneSuffixKeys);
        _lead.Bind(8, lead.Status.ToString());
        _lead.Bind(9, JsonColumn.Serialize(lead.Fields));
        _lead.Bind(10, UtcTicksConverter.ToTicks(lead.CreatedAt));
        _lead.Bind(11, UtcTicksConverter.ToTicks(lead.UpdatedAt));
        _lead.Bind(12, UtcTicksConverter.ToTicks(lead.LastActivityAt));
        _lead.Bind(13, UtcTicksConverter.ToTicks(lead.NextFollowUpAt));
        _lead.Bind(14, lead.ImportId);
        _lead.Bind(15, lead.SortName);
        _lead.Bind(16, lead.Country);
        _lead.Bind(17, lead.LastCallOutcome?.ToString());
        lead.Id = (int)_lead.Execute();
        _search.Bind(1, lead.Id);
        _search.Bind(2, lead.Name);
        _search.Bind(3, lead.Email);
        _search.Bind(4, LeadSearchIndex.FieldsText(lead.Fields));
        _search.Bind(5, lead.PhoneSuffixKeys);
        _search.Run();
        return lead.Id;
    }

    /// <summary>Inserts the activity and sets its <see cref="Activity.Id"/>.</summary>
    public long Insert(Activity a)
    {
        a.OrganizationId = OrganizationId;
        return _rows.Insert(a);
    }

    /// <summary>Inserts the follow-up and sets its <see cref="FollowUp.Id"/>.</summary>
    public long Insert(FollowUp f)
    {
        f.OrganizationId = OrganizationId;
        return _rows.Insert(f);
    }

    public void Dispose()
    {
        _lead.Dispose();
        _search.Dispose();
        _rows.Dispose();
    }

}
