using System.Net;

namespace LeadActivity.App.Hosting.Settings;

/// <summary>The <c>ForwardedHeaders</c> section.</summary>
internal sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>The load balancers' IP addresses, separated by commas (or semicolons, or spaces).</summary>
    public string? KnownProxies { get; set; }

    public IEnumerable<string> Entries => (KnownProxies ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<IPAddress> Addresses => [.. Entries.Select(IPAddress.Parse)];
}
