namespace LeadActivity.App.Components.Import;

/// <summary>A file's size as the import shows it: KB below a megabyte, MB above.</summary>
internal static class UploadSize
{
    public static string Describe(long bytes) => bytes < 1048576 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes / 1048576.0:0.#} MB";
}
