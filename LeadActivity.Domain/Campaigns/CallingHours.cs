namespace LeadActivity.Domain.Campaigns;

/// <summary>When the agent may contact a lead, in the lead's local time.</summary>
public sealed record CallingHours(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End)
{
    public static CallingHours Weekdays9To18 { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        new TimeOnly(9, 0), new TimeOnly(18, 0));

    public bool Contains(DateTime localTime) =>
        Days.Contains(localTime.DayOfWeek) && TimeOnly.FromDateTime(localTime) is var t && t >= Start && t < End;
}
