namespace LeadActivity.App.Hosting.Settings;

/// <summary>The <c>LeadSources</c> section.</summary>
internal sealed class LeadSourceSettings
{
    public const string Section = "LeadSources";

    /// <summary>Whether a connected source may point at loopback, private or link-local addresses.</summary>
    public bool AllowPrivateNetworks { get; set; }
}
