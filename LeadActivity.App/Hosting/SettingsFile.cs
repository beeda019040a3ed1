using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace LeadActivity.App.Hosting;

/// <summary>
/// The app reads one settings file, <c>appsettings.json</c> at the repository root, whether it is started from
/// the root or from the App folder. Outside a source tree (a published app) it reads the copy beside the binaries.
/// </summary>
internal static class SettingsFile
{
    public static string Directory { get; } = Locate();

    /// <summary>Points the host's appsettings sources (and their environment overrides) at <see cref="Directory"/>.</summary>
    public static void UseRepositorySettings(this ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json
                && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = path,
                    Optional = json.Optional,
                    // Read once at start-up: a watcher on the repository root watches it recursively, data/ included,
                    // and woke on every database write (9–20% of the app's CPU under ingestion load).
                    ReloadOnChange = false,
                    FileProvider = new PhysicalFileProvider(Directory),
                };
            }
        }
    }

    private static string Locate()
    {
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LeadActivity.sln")) && File.Exists(Path.Combine(dir.FullName, "appsettings.json")))
                    return dir.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }
}
