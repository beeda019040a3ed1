namespace LeadActivity.Domain.Campaigns;

/// <summary>A step in a campaign's life a person confirms.</summary>
public enum CampaignStep { Launch, Pause, Resume }
