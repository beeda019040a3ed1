using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Leads;

/// <summary>A person a campaign contacts. Unique per campaign on the normalized (E.164) phone number.</summary>
public sealed class Lead : IOrganizationOwned
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int CampaignId { get; set; }
    public Campaign? Campaign { get; set; }
    public required string Name { get; set; }

    /// <summary>
    /// <see cref="Name"/> as it sorts (<see cref="LeadName.SortKey"/>): the Leads page orders by it. Derived; the setter
    /// exists for EF only.
    /// </summary>
    public string SortName
    {
        get => LeadName.SortKey(Name);
        private set { }
    }

    /// <summary>E.164, e.g. <c>+14155550132</c>.</summary>
    public string? Phone { get; set; }

    /// <summary>The lead's WhatsApp identity, an E.164 number.</summary>
    public string? WhatsApp { get; set; }

    public string? Email { get; set; }

    /// <summary>
    /// The digits of <see cref="Phone"/> and <see cref="WhatsApp"/>, each reversed, so "ends with 0132" is a prefix
    /// search in the full-text index. Derived; the setter exists for EF only.
    /// </summary>
    public string PhoneSuffixKeys
    {
        get => PhoneNumberRules.SuffixKeys(Phone, WhatsApp);
        private set { }
    }
    /// <summary>
    /// The region (ISO 3166 code, e.g. <c>US</c>) libphonenumber reads from <see cref="Phone"/>, or else from
    /// <see cref="WhatsApp"/>: the Leads page filters by it. Derived; the setter exists for EF only.
    /// </summary>
    public string? Country
    {
        get => PhoneNumberRules.CountryOf(Phone, WhatsApp);
        private set { }
    }

    public LeadStatus Status { get; set; }

    /// <summary>The outcome of the lead's latest call, kept as calls are recorded so the Leads page can filter by it.</summary>
    public Activities.CallOutcome? LastCallOutcome { get; set; }

    /// <summary>Values of the campaign's custom fields, by field key.</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>The import that created the lead, if one did (so the import can be undone).</summary>
    public int? ImportId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
    public DateTime? NextFollowUpAt { get; set; }
}
