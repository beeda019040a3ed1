using LeadActivity.Domain.Campaigns;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// Campaigns are read in every group, but their hours and rules rarely change: the parsed values are kept by the JSON
/// text they came from, so a group pays a string comparison instead of two JSON parses (on the writer, which is the
/// one thread that cannot scale out).
/// </summary>
internal sealed class CampaignRulesCache
{
    private readonly Dictionary<int, (string Hours, string Rules, CallingHours CallingHours, List<FollowUpRule> FollowUpRules)> _parsed = [];

    /// <summary>The campaign with what the rules need, from its columns (hours and rules as stored JSON).</summary>
    public Campaign Campaign(int id, int organizationId, string name, string timeZone, string hours, string rules)
    {
        if (!_parsed.TryGetValue(id, out var parsed) || parsed.Hours != hours || parsed.Rules != rules)
            _parsed[id] = parsed = (hours, rules, JsonColumn.Deserialize<CallingHours>(hours), JsonColumn.Deserialize<List<FollowUpRule>>(rules));
        return new Campaign
        {
            Id = id,
            OrganizationId = organizationId,
            Name = name,
            TimeZone = timeZone,
            CallingHours = parsed.CallingHours,
            FollowUpRules = parsed.FollowUpRules,
        };
    }
}
