namespace LeadActivity.App.Hosting.Settings;

/// <summary>The <c>Dashboards</c> section.</summary>
internal sealed class DashboardSettings
{
    public const string Section = "Dashboards";

    /// <summary>
    /// How many live screens may render at once on a node (<see cref="Components.Activity.LiveRenderGate"/>). None:
    /// half the node's cores, at least one, so the other half stays free for API requests and page loads however
    /// many dashboards watch.
    /// </summary>
    public int? ConcurrentRenders { get; set; }

    public int ConcurrentRendersOrDefault => ConcurrentRenders ?? Math.Max(1, Environment.ProcessorCount / 2);
}
