namespace LeadActivity.Domain.Campaigns;

/// <summary>
/// The outcome of a change to a campaign: saved, or refused with a message a person can act on. <see cref="Error"/> is
/// null on success; <see cref="Errors"/> holds the same refusals by the input they are about (a settings or field
/// property name such as <c>Name</c> or <c>Type</c>, or <c>Outcome.Delay</c> for a follow-up rule), so a form can show each
/// one beside its input.
/// </summary>
public sealed record CampaignChangeResult(bool Succeeded, string? Error)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Errors { get; init; } = None;

    /// <summary>The campaign created, for <see cref="CampaignSettingsService.CreateAsync"/>.</summary>
    public int? CampaignId { get; init; }

    public static CampaignChangeResult Success { get; } = new(true, null);

    public static CampaignChangeResult Refused(string input, string error) =>
        new(false, error) { Errors = new Dictionary<string, string> { [input] = error } };

    /// <summary>Refused for each of <paramref name="errors"/>; <see cref="Error"/> joins them.</summary>
    public static CampaignChangeResult Refused(IReadOnlyDictionary<string, string> errors) =>
        new(false, string.Join("; ", errors.Values)) { Errors = errors };

    public static CampaignChangeResult NotFound { get; } = new(false, "The campaign no longer exists.");
}
