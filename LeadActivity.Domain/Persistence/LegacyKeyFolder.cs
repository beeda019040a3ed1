using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence;

/// <summary>
/// Data Protection keys used to live in a <c>{database}-keys/</c> folder beside a SQLite file; they now live in the
/// database, where every node finds them. A database that has none yet takes the folder's, once, so an upgrade
/// neither signs everyone out nor makes the lead sources' stored credentials unreadable.
/// </summary>
public static class LegacyKeyFolder
{
    /// <summary>Moves the folder's key files into an empty key table; returns how many it took.</summary>
    public static async Task<int> ImportAsync(LeadActivityDatabase database, CancellationToken cancellationToken = default)
    {
        if (database.IsPostgres)
            return 0;
        var folder = SqliteDatabase.BesideDatabase(database.ConnectionString, "keys");
        if (!Directory.Exists(folder))
            return 0;
        await using var db = database.CreateContext(0);
        if (await db.DataProtectionKeys.AnyAsync(cancellationToken))
            return 0;
        var files = Directory.GetFiles(folder, "*.xml");
        foreach (var file in files)
        {
            db.DataProtectionKeys.Add(new DataProtectionKey
            {
                // The file system repository names each file after its key's friendly name, as the EF one stores it.
                FriendlyName = Path.GetFileNameWithoutExtension(file),
                Xml = await File.ReadAllTextAsync(file, cancellationToken),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        return files.Length;
    }
}
