namespace LeadActivity.App.Hosting;

/// <summary>The <c>Demo</c> section of the settings file.</summary>
internal sealed class DemoSettings
{
    public bool Enabled { get; init; } = true;
    public int Leads { get; init; } = 2000;
    public string OrganizationSlug { get; init; } = "demo";

    /// <summary>A demo-only key for the ingestion API, registered (as a hash) when the demo is seeded.</summary>
    public string? ApiKey { get; init; }
}
