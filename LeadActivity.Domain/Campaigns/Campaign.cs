using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Campaigns;

public enum Channel { Phone, WhatsApp }

public enum CampaignStatus { Draft, Active, Paused, Completed }

/// <summary>A campaign in which the AI agent calls or messages a set of leads.</summary>
public sealed class Campaign : IOrganizationOwned
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Name { get; set; }
    public Channel Channel { get; set; }
    public CampaignStatus Status { get; set; }

    /// <summary>ISO 3166 region used to suggest the E.164 form of local numbers, e.g. <c>US</c>.</summary>
    public string DefaultRegion { get; set; } = "US";

    /// <summary>IANA time zone used for calling hours when a lead's number gives none.</summary>
    public string TimeZone { get; set; } = "UTC";

    public CallingHours CallingHours { get; set; } = CallingHours.Weekdays9To18;
    public List<CustomFieldDefinition> Fields { get; set; } = [];
    public List<FollowUpRule> FollowUpRules { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
