using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Import;

/// <summary>An uploaded file waiting for its preview and commit, stored on the server's disk.</summary>
public sealed record ImportUpload(string Path, string FileName, long Bytes);

/// <summary>
/// Where import files live: uploads stream to <c>uploads/</c> (never held in memory), a committed import keeps its file
/// and its rejected rows under its own id. Beside the database by default, so a test database keeps its own.
/// </summary>
public sealed class ImportStorage(string folder)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The database's <c>imports</c> folder on this node (beside a SQLite file: <c>{database}-imports</c>).</summary>
    public static ImportStorage For(LeadActivityDatabase database) => new(database.FolderFor("imports"));

    /// <summary>Streams <paramref name="content"/> to a new file under <c>uploads/</c>.</summary>
    public async Task<ImportUpload> SaveUploadAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var path = NewUploadPath(".csv");
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await content.CopyToAsync(file, 1 << 16, cancellationToken);
            return new ImportUpload(path, Path.GetFileName(fileName), file.Length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>A new file name under <c>uploads/</c> (abandoned ones are swept at start-up).</summary>
    public string NewUploadPath(string extension) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(Folder, "uploads")).FullName, $"{Guid.NewGuid():N}{extension}");

    /// <summary>Moves a previewed upload to the folder of the import that commits it (<see cref="UploadOf"/>).</summary>
    public void Keep(ImportUpload upload, int importId)
    {
        Directory.CreateDirectory(FolderOf(importId));
        File.Move(upload.Path, UploadOf(importId), overwrite: true);
    }

    /// <summary>The file a committed import reads from.</summary>
    public string UploadOf(int importId) => Path.Combine(FolderOf(importId), "upload.csv");

    /// <summary>The rejected rows of a committed import, as CSV.</summary>
    public string RejectedOf(int importId) => Path.Combine(FolderOf(importId), "rejected.csv");

    private string FolderOf(int importId) => Path.Combine(Folder, importId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Deletes an upload, if it is one of ours.</summary>
    public void Delete(string path)
    {
        var full = Path.GetFullPath(path);
        if (full.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full))
            File.Delete(full);
    }

    /// <summary>Deletes uploads nobody committed (an abandoned preview) once they are a day old.</summary>
    public void SweepAbandonedUploads(DateTime now)
    {
        var uploads = Path.Combine(Folder, "uploads");
        if (!Directory.Exists(uploads))
            return;
        foreach (var file in Directory.EnumerateFiles(uploads))
        {
            if (now - File.GetLastWriteTimeUtc(file) > TimeSpan.FromDays(1))
                File.Delete(file);
        }
    }
}
