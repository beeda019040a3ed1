namespace LeadActivity.App.Hosting.Settings;

/// <summary><c>AllowedHosts</c>, at the root of the settings: the host names the app answers to.</summary>
internal sealed class HostNameSettings
{
    public string? AllowedHosts { get; set; }

    public bool AllowsAnyHost => string.IsNullOrWhiteSpace(AllowedHosts)
        || AllowedHosts.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains("*");
}
