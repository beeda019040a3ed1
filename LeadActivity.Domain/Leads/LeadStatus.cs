namespace LeadActivity.Domain.Leads;

public enum LeadStatus { New, Contacted, Qualified, Callback, NotInterested, Unreachable, DoNotCall }

public static class LeadStatusExtensions
{
    /// <summary>Statuses after which the agent stops trying: pending follow-ups are cancelled.</summary>
    public static bool IsFinal(this LeadStatus status) =>
        status is LeadStatus.Qualified or LeadStatus.NotInterested or LeadStatus.DoNotCall;

    /// <summary>The status as it appears in URLs and the API: <c>not_interested</c>.</summary>
    public static string Slug(this LeadStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    public static bool TryParseSlug(string? slug, out LeadStatus status)
    {
        foreach (var candidate in Enum.GetValues<LeadStatus>())
        {
            if (string.Equals(candidate.Slug(), slug?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static string Label(this LeadStatus status) => status switch
    {
        LeadStatus.New => "New",
        LeadStatus.Contacted => "Contacted",
        LeadStatus.Qualified => "Qualified",
        LeadStatus.Callback => "Callback",
        LeadStatus.NotInterested => "Not interested",
        LeadStatus.Unreachable => "Unreachable",
        LeadStatus.DoNotCall => "Do not call",
        _ => status.ToString(),
    };
}
