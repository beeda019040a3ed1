namespace LeadActivity.App.Hosting.Settings;

/// <summary>The <c>Import</c> section.</summary>
internal sealed class ImportFileSettings
{
    public const string Section = "Import";

    /// <summary>The largest CSV a campaign's Leads tab accepts, in megabytes.</summary>
    public int MaxFileMegabytes { get; set; } = 100;
}
