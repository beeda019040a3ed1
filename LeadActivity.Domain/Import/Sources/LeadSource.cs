using LeadActivity.Domain.Organizations;

namespace LeadActivity.Domain.Import.Sources;

/// <summary>How a provider hands out its contacts.</summary>
public enum LeadSourceFormat
{
    /// <summary>Pages of JSON: an array of contact objects, at the root or under a property such as <c>data</c>.</summary>
    Json,

    /// <summary>One CSV download.</summary>
    Csv,
}

/// <summary>How the next page of a JSON source is asked for.</summary>
public enum LeadSourcePaging
{
    /// <summary>One request returns everything.</summary>
    None,

    /// <summary><c>?page=1</c>, <c>2</c>, … until a page comes back empty.</summary>
    Page,

    /// <summary>Each page names the cursor of the next (<c>next_cursor</c>); the last has none.</summary>
    Cursor,
}

public enum LeadSourceAuth
{
    None,

    /// <summary>The key in a header of the provider's choosing, e.g. <c>X-Api-Key</c>.</summary>
    ApiKeyHeader,

    /// <summary><c>Authorization: Bearer …</c>.</summary>
    Bearer,
}

/// <summary>
/// A lead provider connected to a campaign (Leadsforce-style): where to fetch contacts, how to page, how to
/// authenticate, and how the provider's keys map to the campaign's columns. The credential is stored encrypted
/// (ASP.NET Core Data Protection) and never shown again in full.
/// </summary>
public sealed class LeadSource : IOrganizationOwned
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int CampaignId { get; set; }
    public required string Name { get; set; }

    /// <summary>The address of the first page or of the CSV download (http or https).</summary>
    public required string Url { get; set; }

    public LeadSourceFormat Format { get; set; }
    public LeadSourcePaging Paging { get; set; }
    public string PageParameter { get; set; } = "page";
    public string CursorParameter { get; set; } = "cursor";
    public string NextCursorProperty { get; set; } = "next_cursor";

    /// <summary>The property holding a page's contacts; empty: the root array, or the first of data/items/results/contacts/leads/records.</summary>
    public string? ItemsProperty { get; set; }

    public LeadSourceAuth Auth { get; set; }

    /// <summary>The header that carries the API key (for <see cref="LeadSourceAuth.ApiKeyHeader"/>).</summary>
    public string? AuthHeaderName { get; set; }

    /// <summary>The API key or bearer token, encrypted.</summary>
    public string? ProtectedSecret { get; set; }

    /// <summary>The credential's last characters, so people can tell which one is stored.</summary>
    public string? SecretHint { get; set; }

    /// <summary>Extra query string the provider filters by, e.g. <c>country=US&amp;industry=saas</c>.</summary>
    public string? FilterQuery { get; set; }

    /// <summary>
    /// Provider key → the column it fills (a reserved column such as <c>phone</c> or <c>name</c>, or a custom field key;
    /// empty: ignored). Keys not listed are matched like CSV headers.
    /// </summary>
    public Dictionary<string, string> Mapping { get; set; } = [];

    /// <summary>What a pull does with a lead already in the campaign.</summary>
    public ExistingLeadAction Existing { get; set; }

    /// <summary>Pull every this many hours (a hosted service runs it); null: only on demand.</summary>
    public int? ScheduleHours { get; set; }

    public DateTime? NextPullAt { get; set; }
    public DateTime? LastPullAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
