using System.Globalization;
using LeadActivity.Domain.Campaigns;

namespace LeadActivity.Domain.Leads;

/// <summary>How a custom field filter compares the lead's value.</summary>
public enum FieldMatch
{
    /// <summary>Text containing the value, case folded.</summary>
    Contains,
    /// <summary>Text equal to the value, case folded.</summary>
    Equals,
    /// <summary>A number within [from, to]; either end may be open.</summary>
    NumberBetween,
    /// <summary>A date (yyyy-MM-dd) within [from, to]; either end may be open.</summary>
    DateBetween,
    /// <summary>One of the choices.</summary>
    In,
}

/// <summary>
/// A filter on one custom field's value, by the field's type: text contains or equals, number or date ranges, choice in.
/// In the URL as <c>f.{key}=has:acme</c>, <c>is:acme</c>, <c>num:10..500</c>, <c>date:2026-01-01..2026-03-31</c> or
/// <c>in:Gold|Silver</c>.
/// </summary>
public sealed record LeadFieldFilter(string Key, FieldMatch Match, IReadOnlyList<string> Values)
{
    public const string QueryPrefix = "f.";
    private const int MaxValueLength = 200;

    public string? From => Values.Count > 0 && Values[0].Length > 0 ? Values[0] : null;
    public string? To => Values.Count > 1 && Values[1].Length > 0 ? Values[1] : null;

    /// <summary>The number bounds, read invariantly (already checked when the filter was read).</summary>
    public decimal? NumberFrom => From is { } f ? decimal.Parse(f, CultureInfo.InvariantCulture) : null;
    public decimal? NumberTo => To is { } t ? decimal.Parse(t, CultureInfo.InvariantCulture) : null;

    /// <summary>The filter a field's type offers first (text contains, number and date ranges, choice in).</summary>
    public static FieldMatch DefaultMatch(CustomFieldType type) => type switch
    {
        CustomFieldType.Number => FieldMatch.NumberBetween,
        CustomFieldType.Date => FieldMatch.DateBetween,
        CustomFieldType.Choice or CustomFieldType.Boolean => FieldMatch.In,
        _ => FieldMatch.Contains,
    };

    public string QueryValue => Match switch
    {
        FieldMatch.Contains => "has:" + Values[0],
        FieldMatch.Equals => "is:" + Values[0],
        FieldMatch.NumberBetween => $"num:{From}..{To}",
        FieldMatch.DateBetween => $"date:{From}..{To}",
        _ => "in:" + string.Join("|", Values),
    };

    /// <summary>Reads <c>f.{key}</c>'s value; null when the key or the value is malformed or asks for nothing.</summary>
    public static LeadFieldFilter? Parse(string key, string? text)
    {
        if (!CustomFieldDefinition.IsValidKey(key) || string.IsNullOrWhiteSpace(text))
            return null;
        var colon = text.IndexOf(':');
        if (colon < 1)
            return null;
        var kind = text[..colon];
        var value = text[(colon + 1)..].Trim();
        if (value.Length == 0 || value.Length > MaxValueLength * 4)
            return null;
        switch (kind)
        {
            case "has":
                return new(key, FieldMatch.Contains, [Cut(value)]);
            case "is":
                return new(key, FieldMatch.Equals, [Cut(value)]);
            case "num":
                return Range(value, s => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : null) is { } numbers
                    ? new(key, FieldMatch.NumberBetween, numbers) : null;
            case "date":
                return Range(value, s => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null) is { } dates
                    ? new(key, FieldMatch.DateBetween, dates) : null;
            case "in":
                var choices = value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Cut).Distinct().Take(50).ToList();
                return choices.Count == 0 ? null : new(key, FieldMatch.In, choices);
            default:
                return null;
        }
    }

    private static string Cut(string value) => value[..Math.Min(value.Length, MaxValueLength)];

    /// <summary>"from..to" with either end empty; null when both are empty or an end does not read.</summary>
    private static IReadOnlyList<string>? Range(string text, Func<string, string?> read)
    {
        var parts = text.Split("..", 2);
        var from = parts[0].Trim();
        var to = parts.Length > 1 ? parts[1].Trim() : from;
        string? a = from.Length == 0 ? "" : read(from), b = to.Length == 0 ? "" : read(to);
        if (a is null || b is null || (a.Length == 0 && b.Length == 0))
            return null;
        return [a, b];
    }
}

/// <summary>Whole days, either end open; <see cref="FromUtc"/> and <see cref="ToUtc"/> bound them as UTC instants [from, to).</summary>
public sealed record DayRange(DateOnly? From, DateOnly? To)
{
    public DateTime? FromUtc => From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    public DateTime? ToUtc => To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public override string ToString() =>
        $"{From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}..{To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Reads "2026-01-01..2026-01-31" (either end may be empty); null when malformed or open at both ends.</summary>
    public static DayRange? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var parts = text.Split("..", 2);
        DateOnly? Day(string s) => DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var from = parts[0].Trim().Length == 0 ? null : Day(parts[0]);
        var to = parts.Length < 2 ? from : parts[1].Trim().Length == 0 ? null : Day(parts[1]);
        if ((parts[0].Trim().Length > 0 && from is null) || (parts.Length > 1 && parts[1].Trim().Length > 0 && to is null) || (from is null && to is null))
            return null;
        return new DayRange(from, to);
    }
}

/// <summary>Which leads' next follow-up the view keeps.</summary>
public enum FollowUpDue { Any, Overdue, Next24Hours, Next7Days, None }

/// <summary>The Leads grid's columns: their keys (a custom field's is <c>f.{key}</c>), labels and defaults.</summary>
public static class LeadColumns
{
    public const string Name = "name", Phone = "phone", WhatsApp = "whatsapp", Campaign = "campaign", Status = "status",
        LastActivity = "lastActivity", NextFollowUp = "nextFollowUp", Created = "created";

    /// <summary>Every built-in column, in the grid's default order.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [Name, Phone, WhatsApp, Campaign, Status, LastActivity, NextFollowUp, Created];

    /// <summary>The columns shown when the view chooses none: WhatsApp is left out (it mostly repeats the phone).</summary>
    public static IReadOnlyList<string> Default { get; } = [Name, Phone, Campaign, Status, LastActivity, NextFollowUp, Created];

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Name] = "Name", [Phone] = "Phone", [WhatsApp] = "WhatsApp", [Campaign] = "Campaign", [Status] = "Status",
        [LastActivity] = "Last activity", [NextFollowUp] = "Next follow-up", [Created] = "Created",
    };

    public static string FieldColumn(string fieldKey) => LeadFieldFilter.QueryPrefix + fieldKey;

    /// <summary>The custom field a column shows, or null for a built-in one.</summary>
    public static string? FieldKeyOf(string column) =>
        column.StartsWith(LeadFieldFilter.QueryPrefix, StringComparison.Ordinal) ? column[LeadFieldFilter.QueryPrefix.Length..] : null;

    public static bool IsValid(string column) =>
        BuiltIn.Contains(column) || (FieldKeyOf(column) is { } key && CustomFieldDefinition.IsValidKey(key));

    /// <summary>The sort a column's header gives, or null when the column does not sort.</summary>
    public static LeadSortField? SortOf(string column) => column switch
    {
        Name => LeadSortField.Name,
        Phone => LeadSortField.Phone,
        WhatsApp => LeadSortField.WhatsApp,
        Campaign => LeadSortField.Campaign,
        Status => LeadSortField.Status,
        LastActivity => LeadSortField.LastActivity,
        NextFollowUp => LeadSortField.NextFollowUp,
        Created => LeadSortField.Created,
        _ => null,
    };
}
