namespace LeadActivity.App.Hosting.Settings;

/// <summary>The <c>Events</c> section.</summary>
internal sealed class EventSettings
{
    public const string Section = "Events";

    /// <summary>A StackExchange.Redis configuration string: live events go through Redis to every node. None: in-process.</summary>
    public string? Redis { get; set; }
}
