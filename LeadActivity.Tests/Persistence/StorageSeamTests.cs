using System.Text.RegularExpressions;

namespace LeadActivity.Tests.Persistence;

/// <summary>
/// Outside <c>LeadActivity.Domain/Persistence/</c> no code names a database: not SQLite's or Npgsql's types, not a check
/// of which database it is on, not SQL only one of them speaks. Features reach the database through the seams they own,
/// implemented once per database under <c>Persistence/Sqlite/</c> and <c>Persistence/Postgres/</c>.
/// </summary>
public sealed partial class StorageSeamTests
{
    [Fact]
    public void No_code_outside_Persistence_names_a_database_or_speaks_its_dialect()
    {
        var root = RepositoryRoot();
        var persistence = Path.Combine(root, "LeadActivity.Domain", "Persistence") + Path.DirectorySeparatorChar;
        var files = SourceFiles(Path.Combine(root, "LeadActivity.Domain"), Path.Combine(root, "LeadActivity.App"))
            .Where(f => !f.StartsWith(persistence, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);

        var findings = files.SelectMany(f => Findings(f).Select(finding => $"{Path.GetRelativePath(root, f)}:{finding}")).ToList();

        Assert.True(findings.Count == 0, "Database-specific code outside Persistence/ (move it behind the feature's seam):\n" + string.Join("\n", findings));
    }

    [Fact]
    public void The_scan_finds_what_it_looks_for_in_the_database_implementations()
    {
        var root = RepositoryRoot();
        var found = SourceFiles(Path.Combine(root, "LeadActivity.Domain", "Persistence", "Sqlite"), Path.Combine(root, "LeadActivity.Domain", "Persistence", "Postgres"))
            .SelectMany(Findings).ToList();

        Assert.Contains(found, f => f.Contains("Sqlite", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("Npgsql", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("PRAGMA", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("SKIP LOCKED", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("COLLATE", StringComparison.Ordinal));
    }

    /// <summary>Each line of code (comments left out) that names a database or uses SQL only one of them speaks.</summary>
    private static IEnumerable<string> Findings(string file)
    {
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            var code = Comment().Replace(line, "");
            foreach (Match match in DatabaseSpecific().Matches(code))
                yield return $"{number}: {match.Value}";
        }
    }

    private static IEnumerable<string> SourceFiles(params string[] folders) => folders
        .SelectMany(folder => Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories))
        .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LeadActivity.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("The repository root (LeadActivity.sln) is not above the test's folder.");
    }

    // A // comment, unless the slashes are part of a URL in a string ("https://…").
    [GeneratedRegex(@"(?<!:)//.*$")]
    private static partial Regex Comment();

    [GeneratedRegex("""
        \b(Sqlite\w*|SQLitePCL|Npgsql\w*|IsPostgres|IsNpgsql|IsSqlite|DatabaseProvider)\b
        |\b(PRAGMA|COLLATE|NULLS\s+(FIRST|LAST)|INDEXED\s+BY|SKIP\s+LOCKED|FOR\s+UPDATE|ON\s+CONFLICT|INSERT\s+OR|ILIKE|MATCH)\b
        |\b(pg_\w+|sqlite_\w+|json_\w+|jsonb\w*|unnest|to_tsquery|tsvector|rowid)\b
        |::(jsonb|json|int|bigint|text|regconfig)\b
        |\btemp\.
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex DatabaseSpecific();
}
