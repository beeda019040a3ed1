using System.Globalization;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Campaigns;

/// <summary>
/// Adds, changes and removes a campaign's custom fields. A field's key is fixed once created (CSV headers are matched
/// against it). A change that the leads' stored values would not survive — a new type they do not convert to, a
/// required field they lack, a choice option they use — is refused with the number of leads in the way; values that
/// do convert are rewritten to the new type's stored form in the same transaction.
/// </summary>
public sealed class CampaignFieldService(IDbContextFactory<LeadActivityDbContext> dbFactory, ICampaignFieldValues stored, TimeProvider clock)
{
    public const int MaxKeyLength = 64;
    public const int MaxLabelLength = 100;

    /// <summary>Adds <paramref name="field"/> to the campaign: a snake_case key new to it, a label, options for a choice.</summary>
    public async Task<ChangeResult> AddFieldAsync(int campaignId, CustomFieldDefinition field, CancellationToken cancellationToken = default)
    {
        var (normalized, problems) = Normalize(field);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
            return ChangeResult.NotFound(CampaignSettingsService.CampaignGone);
        if (!problems.ContainsKey(nameof(field.Key)) && campaign.Fields.Any(f => f.Key == normalized.Key))
            problems[nameof(field.Key)] = $"The campaign already has a field “{normalized.Key}”";
        if (problems.Count > 0)
            return ChangeResult.Invalid(problems);

        // Leads may hold values under the key already (from before a field of that key was removed by hand, or from the
        // API); they must fit the new field like any others.
        var values = await StoredValues.ReadAsync(stored, db, campaignId, normalized, cancellationToken);
        if (values.Refusal(normalized, typeChanged: true) is { } refusal)
            return refusal;

        await values.ConvertAsync(stored, db, campaignId, normalized.Key, cancellationToken);
        campaign.Fields = [.. campaign.Fields, normalized];
        await SaveAsync(db, campaign, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ChangeResult.Done;
    }

    /// <summary>
    /// Changes the label, type, required flag or options of the field whose key is <paramref name="field"/>'s key.
    /// </summary>
    public async Task<ChangeResult> UpdateFieldAsync(int campaignId, CustomFieldDefinition field, CancellationToken cancellationToken = default)
    {
        var (normalized, problems) = Normalize(field);
        problems.Remove(nameof(field.Key)); // the key names an existing field; it is looked up below
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
            return ChangeResult.NotFound(CampaignSettingsService.CampaignGone);
        var index = campaign.Fields.FindIndex(f => f.Key == normalized.Key);
        if (index < 0)
            return ChangeResult.Invalid(nameof(field.Key), $"The campaign has no field “{field.Key}”: it may have been removed");
        if (problems.Count > 0)
            return ChangeResult.Invalid(problems);

        var current = campaign.Fields[index];
        var typeChanged = current.Type != normalized.Type;
        var optionsNarrowed = normalized.Type == CustomFieldType.Choice
            && (current.Options ?? []).Any(o => !normalized.Options!.Contains(o, StringComparer.Ordinal));
        if (typeChanged || optionsNarrowed || (normalized.Required && !current.Required))
        {
            var values = await StoredValues.ReadAsync(stored, db, campaignId, normalized, cancellationToken);
            if (values.Refusal(normalized, typeChanged) is { } refusal)
                return refusal;
            await values.ConvertAsync(stored, db, campaignId, normalized.Key, cancellationToken);
        }

        var fields = campaign.Fields.ToList();
        fields[index] = normalized;
        campaign.Fields = fields;
        await SaveAsync(db, campaign, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ChangeResult.Done;
    }

    /// <summary>How many of the campaign's leads hold a value for the field <paramref name="key"/>.</summary>
    public async Task<int> CountValuesAsync(int campaignId, string key, CancellationToken cancellationToken = default)
    {
        if (!CustomFieldDefinition.IsValidKey(key))
            return 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await stored.CountAsync(db, campaignId, key, cancellationToken);
    }

    /// <summary>Removes the field <paramref name="key"/> and every lead's value for it.</summary>
    public async Task<ChangeResult> RemoveFieldAsync(int campaignId, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
            return ChangeResult.NotFound(CampaignSettingsService.CampaignGone);
        if (!campaign.Fields.Any(f => f.Key == key))
            return ChangeResult.Invalid("Key", $"The campaign has no field “{key}”: it may have been removed already");

        await stored.RemoveAsync(db, campaignId, key, cancellationToken);
        campaign.Fields = campaign.Fields.Where(f => f.Key != key).ToList();
        await SaveAsync(db, campaign, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ChangeResult.Done;
    }

    /// <summary>The field as stored (trimmed; options only for a choice) and its problems by property name.</summary>
    public static (CustomFieldDefinition Field, Dictionary<string, string> Problems) Normalize(CustomFieldDefinition field)
    {
        var problems = new Dictionary<string, string>();
        var key = field.Key?.Trim() ?? "";
        if (key.Length == 0)
            problems[nameof(field.Key)] = "Give the field a key";
        else if (key.Length > MaxKeyLength || !CustomFieldDefinition.IsValidKey(key))
            problems[nameof(field.Key)] = $"Keys are snake_case, up to {MaxKeyLength} characters: lower-case letters, digits and single underscores, starting with a letter (e.g. budget_eur)";

        var label = field.Label?.Trim() ?? "";
        if (label.Length == 0)
            problems[nameof(field.Label)] = "Give the field a label";
        else if (label.Length > MaxLabelLength)
            problems[nameof(field.Label)] = $"The label can have at most {MaxLabelLength} characters";

        if (!Enum.IsDefined(field.Type))
            problems[nameof(field.Type)] = "Pick a type";

        IReadOnlyList<string>? options = null;
        if (field.Type == CustomFieldType.Choice)
        {
            options = (field.Options ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).ToList();
            // Values match options ignoring case, so options differing only in case could not be told apart.
            var repeated = options.GroupBy(o => o, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (options.Count == 0)
                problems[nameof(field.Options)] = "A choice field needs at least one option";
            else if (repeated is not null)
                problems[nameof(field.Options)] = $"“{repeated.Key}” is listed more than once";
        }
        return (new CustomFieldDefinition(key, label, field.Type, field.Required, options), problems);
    }

    private async Task SaveAsync(LeadActivityDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        campaign.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// What the campaign's leads hold for one field, checked against a definition with <see cref="CustomFieldValues.Check"/>.
    /// Read set-based: each distinct value is checked once, whatever the number of leads holding it.
    /// </summary>
    private sealed class StoredValues
    {
        private int _missing;
        private int _invalid;
        private string? _example;
        private readonly List<string?[]> _conversions = [];

        public static async Task<StoredValues> ReadAsync(ICampaignFieldValues stored, LeadActivityDbContext db, int campaignId, CustomFieldDefinition field, CancellationToken cancellationToken)
        {
            var result = new StoredValues();
            var rows = stored.DistinctAsync(db, campaignId, field.Key);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                var check = CustomFieldValues.Check(field, row.Value);
                if (!check.IsValid && string.IsNullOrWhiteSpace(row.Value))
                    result._missing += row.Count;
                else if (!check.IsValid)
                {
                    result._invalid += row.Count;
                    result._example ??= row.Value;
                }
                else if (row.Value is not null && check.Value != row.Value)
                    result._conversions.Add([row.Value, check.Value]);
            }
            return result;
        }

        /// <summary>Why the definition cannot be saved over these values, or null when it can.</summary>
        public ChangeResult? Refusal(CustomFieldDefinition field, bool typeChanged)
        {
            var problems = new Dictionary<string, string>();
            if (_invalid > 0)
            {
                var (one, many) = field.Type switch
                {
                    CustomFieldType.Number => ("a value that is not a number", "values that are not numbers"),
                    CustomFieldType.Date => ("a value that is not a date (yyyy-mm-dd)", "values that are not dates (yyyy-mm-dd)"),
                    CustomFieldType.Boolean => ("a value that is not yes or no", "values that are not yes or no"),
                    _ => ("a value that is not one of the options", "values that are not among the options"),
                };
                var holding = _invalid == 1 ? $"1 lead holds {one}" : $"{Count(_invalid)} leads hold {many}";
                problems[typeChanged ? nameof(field.Type) : nameof(field.Options)] = $"{holding} (e.g. “{_example}”): fix or clear them first";
            }
            if (_missing > 0)
            {
                var lacking = _missing == 1 ? "1 lead has" : $"{Count(_missing)} leads have";
                problems[nameof(field.Required)] = $"{lacking} no value for {field.Label}: fill them in first, or keep the field optional";
            }
            return problems.Count == 0 ? null : ChangeResult.Invalid(problems);
        }

        /// <summary>Rewrites the values that convert to a different stored form (e.g. "yes" to "true"), in one pass.</summary>
        public async Task ConvertAsync(ICampaignFieldValues stored, LeadActivityDbContext db, int campaignId, string key, CancellationToken cancellationToken)
        {
            if (_conversions.Count > 0)
                await stored.ConvertAsync(db, campaignId, key, _conversions, cancellationToken);
        }

        private static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
    }
}
