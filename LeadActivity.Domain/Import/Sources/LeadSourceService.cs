using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Import.Sources;

/// <summary>A source as the Leads tab shows and edits it; the credential only as its hint.</summary>
public sealed record LeadSourceSettings
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public LeadSourceFormat Format { get; set; }
    public LeadSourcePaging Paging { get; set; } = LeadSourcePaging.Cursor;
    public string PageParameter { get; set; } = "page";
    public string CursorParameter { get; set; } = "cursor";
    public string NextCursorProperty { get; set; } = "next_cursor";
    public string? ItemsProperty { get; set; }
    public LeadSourceAuth Auth { get; set; } = LeadSourceAuth.ApiKeyHeader;
    public string? AuthHeaderName { get; set; } = "X-Api-Key";

    /// <summary>A new credential; empty when editing keeps the stored one.</summary>
    public string? Secret { get; set; }

    public string? FilterQuery { get; set; }
    public Dictionary<string, string> Mapping { get; set; } = [];
    public ExistingLeadAction Existing { get; set; }
    public int? ScheduleHours { get; set; }
}

public sealed record LeadSourceView(int Id, int CampaignId, LeadSourceSettings Settings, string? SecretHint, DateTime? LastPullAt, DateTime? NextPullAt);

/// <summary>What "Test connection" found: the first page's keys and how the campaign would take them.</summary>
public sealed record LeadSourceTest(IReadOnlyList<string> ProviderKeys, int Rows, LeadImportPreview Preview);

/// <summary>
/// Connected lead sources of a campaign: connect, edit, remove, test the connection (first page, previewed like a
/// CSV file, nothing written), and pull now. Pulls run on the server (<see cref="LeadSourcePulls"/>).
/// </summary>
public sealed partial class LeadSourceService(
    IDbContextFactory<LeadActivityDbContext> dbFactory, IOrganizationScope scope, ICurrentUser user, LeadSourceSecrets secrets,
    LeadSourcePulls pulls, LeadImporter importer, LeadSourceFetchOptions fetchOptions, TimeProvider clock)
{
    /// <summary>Columns every campaign has, besides its custom fields, that a provider key can fill.</summary>
    public static readonly IReadOnlyList<string> ReservedColumns = ["phone", "whatsapp", "name", "first_name", "last_name", "email"];

    public async Task<IReadOnlyList<LeadSourceView>> ListAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sources = await db.LeadSources.AsNoTracking().Where(s => s.CampaignId == campaignId).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return sources.Select(View).ToList();
    }

    /// <summary>Connects or edits a source; the result's value is its id, or its errors say what to fix, by setting.</summary>
    public async Task<ChangeResult<int>> SaveAsync(int campaignId, int? sourceId, LeadSourceSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
            return ChangeResult<int>.Refusal(ChangeResult.NotFound("The campaign was not found."));
        var source = sourceId is { } id ? await db.LeadSources.FirstOrDefaultAsync(s => s.Id == id && s.CampaignId == campaignId, cancellationToken) : null;
        if (sourceId is not null && source is null)
            return ChangeResult<int>.Refusal(ChangeResult.NotFound("The source was not found."));

        // A stored key is only ever sent where it was entered for: moving the source elsewhere needs the key again.
        var moved = source?.ProtectedSecret is not null && Moved(source, settings);
        var errors = Validate(settings, campaign.Fields.Select(f => f.Key).ToHashSet(), needsSecret: source?.ProtectedSecret is null || moved);
        if (moved && string.IsNullOrWhiteSpace(settings.Secret) && settings.Auth != LeadSourceAuth.None)
            errors[nameof(settings.Secret)] = "Enter the API key again: the source's host or authentication changed, and the stored key is only sent where it was entered for.";
        if (errors.Count == 0 && !fetchOptions.AllowPrivateNetworks
            && await ProviderAddress.IsPrivateAsync(new Uri(settings.Url.Trim()), cancellationToken))
            errors[nameof(settings.Url)] = $"{ProviderAddress.PrivateNetworkRefusal} ({new Uri(settings.Url.Trim()).Host} is one): connect a provider by its internet address. " +
                "An administrator can allow private addresses with the LeadSources:AllowPrivateNetworks setting.";
        if (errors.Count > 0)
            return ChangeResult<int>.Refusal(ChangeResult.Invalid(errors));

        var now = clock.GetUtcNow().UtcDateTime;
        if (source is null)
        {
            source = new LeadSource { CampaignId = campaignId, Name = "", Url = "", CreatedAt = now };
            db.LeadSources.Add(source);
        }
        source.Name = settings.Name.Trim();
        source.Url = settings.Url.Trim();
        source.Format = settings.Format;
        source.Paging = settings.Paging;
        source.PageParameter = settings.PageParameter.Trim();
        source.CursorParameter = settings.CursorParameter.Trim();
        source.NextCursorProperty = settings.NextCursorProperty.Trim();
        source.ItemsProperty = string.IsNullOrWhiteSpace(settings.ItemsProperty) ? null : settings.ItemsProperty.Trim();
        source.Auth = settings.Auth;
        source.AuthHeaderName = settings.Auth == LeadSourceAuth.ApiKeyHeader ? settings.AuthHeaderName?.Trim() : null;
        if (settings.Auth == LeadSourceAuth.None)
            (source.ProtectedSecret, source.SecretHint) = (null, null);
        else if (settings.Secret is { Length: > 0 } secret)
            (source.ProtectedSecret, source.SecretHint) = (secrets.Protect(secret.Trim()), LeadSourceSecrets.Hint(secret.Trim()));
        source.FilterQuery = string.IsNullOrWhiteSpace(settings.FilterQuery) ? null : settings.FilterQuery.Trim().TrimStart('?');
        source.Mapping = settings.Mapping.Where(m => m.Key.Length > 0).ToDictionary(m => m.Key, m => m.Value.Trim());
        source.Existing = settings.Existing;
        if (source.ScheduleHours != settings.ScheduleHours)
            source.NextPullAt = settings.ScheduleHours is { } hours ? (source.LastPullAt ?? now).AddHours(hours) : null;
        source.ScheduleHours = settings.ScheduleHours;
        if (source.NextPullAt < now)
            source.NextPullAt = now;
        source.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return ChangeResult.DoneWith(source.Id);
    }

    public async Task<bool> DeleteAsync(int sourceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LeadSources.Where(s => s.Id == sourceId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Fetches the first page and previews it against the campaign; writes nothing.</summary>
    /// <exception cref="LeadSourceException">The provider failed; the message says how.</exception>
    public async Task<LeadSourceTest?> TestConnectionAsync(int sourceId, CancellationToken cancellationToken = default)
    {
        var source = await FindAsync(sourceId, cancellationToken);
        if (source is null)
            return null;
        var fetched = await pulls.FetchAsync(source, firstPageOnly: true, cancellationToken);
        try
        {
            var preview = await importer.PreviewAsync(source.CampaignId, fetched.Upload, cancellationToken: cancellationToken);
            return preview is null ? null : new LeadSourceTest(fetched.ProviderKeys, fetched.Rows, preview);
        }
        finally
        {
            importer.Discard(fetched.Upload);
        }
    }

    /// <summary>Starts a pull on the server; an error when the source is unknown or already pulling.</summary>
    public async Task<string?> PullNowAsync(int sourceId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(sourceId, cancellationToken) is null)
            return "The source was not found.";
        return pulls.Start(scope.OrganizationId, sourceId, user) ? null : "A pull from this source is already running.";
    }

    public bool IsPulling(int sourceId) => pulls.IsPulling(sourceId);

    /// <summary>Completes when the source's running pull has been handed to the import jobs (or failed); at once when none runs.</summary>
    public Task WhenPulledAsync(int sourceId) => pulls.WhenPulledAsync(sourceId);

    private async Task<LeadSource?> FindAsync(int sourceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LeadSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
    }

    private static bool Moved(LeadSource source, LeadSourceSettings settings) =>
        source.Auth != settings.Auth
        || !string.Equals(source.AuthHeaderName ?? "", settings.Auth == LeadSourceAuth.ApiKeyHeader ? settings.AuthHeaderName?.Trim() ?? "" : "", StringComparison.OrdinalIgnoreCase)
        || !Uri.TryCreate(source.Url, UriKind.Absolute, out var before) || !Uri.TryCreate(settings.Url.Trim(), UriKind.Absolute, out var after)
        || Uri.Compare(before, after, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0;

    /// <summary>What to fix, by setting (a mapping's by <c>Mapping.</c> and its key or, mapped twice, its column).</summary>
    private static Dictionary<string, string> Validate(LeadSourceSettings settings, HashSet<string> fieldKeys, bool needsSecret)
    {
        var errors = new Dictionary<string, string>();
        if (settings.Name.Trim().Length is 0 or > 100)
            errors[nameof(settings.Name)] = "Name the source (up to 100 characters), e.g. “Leadsforce US SaaS”.";
        if (!Uri.TryCreate(settings.Url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors[nameof(settings.Url)] = "The address must be a full http or https URL, e.g. https://api.leadsforce.example/v1/contacts.";
        if (settings.Auth == LeadSourceAuth.ApiKeyHeader && string.IsNullOrWhiteSpace(settings.AuthHeaderName))
            errors[nameof(settings.AuthHeaderName)] = "Name the header that carries the API key, e.g. X-Api-Key.";
        else if (settings.Auth == LeadSourceAuth.ApiKeyHeader && !ApiKeyHeaderName().IsMatch(settings.AuthHeaderName!.Trim()))
            errors[nameof(settings.AuthHeaderName)] = "The API key header must be a plain header name such as X-Api-Key or Api-Key (not Host, Cookie or Authorization).";
        if (settings.Auth != LeadSourceAuth.None && needsSecret && string.IsNullOrWhiteSpace(settings.Secret))
            errors[nameof(settings.Secret)] = settings.Auth == LeadSourceAuth.Bearer ? "Enter the bearer token." : "Enter the API key.";
        if (settings.Format == LeadSourceFormat.Json && settings.Paging == LeadSourcePaging.Page && string.IsNullOrWhiteSpace(settings.PageParameter))
            errors[nameof(settings.PageParameter)] = "Name the page parameter, e.g. page.";
        if (settings.Format == LeadSourceFormat.Json && settings.Paging == LeadSourcePaging.Cursor
            && (string.IsNullOrWhiteSpace(settings.CursorParameter) || string.IsNullOrWhiteSpace(settings.NextCursorProperty)))
            errors[nameof(settings.CursorParameter)] = "Name the cursor parameter and the property that holds the next cursor, e.g. cursor and next_cursor.";
        if (settings.ScheduleHours is < 1 or > 168)
            errors[nameof(settings.ScheduleHours)] = "Pull every 1 to 168 hours, or only on demand.";
        foreach (var (key, column) in settings.Mapping)
        {
            if (column.Length > 0 && !ReservedColumns.Contains(column) && !fieldKeys.Contains(column))
                errors[$"Mapping.{key}"] = $"“{key}” maps to “{column}”, which is neither a lead column nor a field of this campaign.";
        }
        foreach (var twice in settings.Mapping.Where(m => m.Value.Length > 0).GroupBy(m => m.Value).Where(g => g.Count() > 1))
            errors[$"Mapping→{twice.Key}"] = $"{string.Join(" and ", twice.Select(m => $"“{m.Key}”"))} both map to “{twice.Key}”: keep one.";
        return errors;
    }

    private static LeadSourceView View(LeadSource s) => new(s.Id, s.CampaignId, new LeadSourceSettings
    {
        Name = s.Name, Url = s.Url, Format = s.Format, Paging = s.Paging, PageParameter = s.PageParameter, CursorParameter = s.CursorParameter,
        NextCursorProperty = s.NextCursorProperty, ItemsProperty = s.ItemsProperty, Auth = s.Auth, AuthHeaderName = s.AuthHeaderName,
        FilterQuery = s.FilterQuery, Mapping = new(s.Mapping), Existing = s.Existing, ScheduleHours = s.ScheduleHours,
    }, s.SecretHint, s.LastPullAt, s.NextPullAt);

    // Letters, digits and dashes, and none of the headers that steer the request itself.
    [System.Text.RegularExpressions.GeneratedRegex("^(?!(?i:host|cookie|authorization|content-length|transfer-encoding|connection)$)[A-Za-z][A-Za-z0-9-]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex ApiKeyHeaderName();
}
