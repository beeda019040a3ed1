namespace LeadActivity.App.Hosting.Settings;

/// <summary>The <c>Node</c> section.</summary>
internal sealed class NodeSettings
{
    public const string Section = "Node";

    /// <summary>This app server's name among those sharing a database; none: the process makes up its own.</summary>
    public string? Name { get; set; }
}
