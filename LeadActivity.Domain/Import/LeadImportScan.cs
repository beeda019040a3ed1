using System.Data.Common;
using System.Globalization;
using System.Text;
using CsvHelper;
using LeadActivity.Domain.Persistence;

namespace LeadActivity.Domain.Import;

/// <summary>What the import does with one row.</summary>
public enum RowVerdict { New, DuplicateInFile, AlreadyInCampaign, Invalid }

/// <summary>
/// Sorts a file's rows into new leads, duplicates within the file (the first row wins), leads already in the campaign
/// and invalid rows. Numbers are compared normalized, as the digits of their E.164 form, so <c>+1 (415) 555-0132</c>
/// and <c>+14155550132</c> are one lead. Preview and commit sort with this same class.
/// </summary>
internal sealed class LeadImportScan
{
    private readonly Dictionary<long, int> _existing;
    private readonly Dictionary<long, int> _firstLine;

    /// <param name="existing">The campaign's leads by number (<see cref="LoadExisting"/>).</param>
    /// <param name="buffer">A table to reuse (the preview's, for the commit): a million numbers take 28 MB.</param>
    /// <param name="expectedRows">Rows expected, to size the table once.</param>
    public LeadImportScan(Dictionary<long, int> existing, Dictionary<long, int>? buffer = null, int expectedRows = 0)
    {
        _existing = existing;
        _firstLine = buffer ?? new Dictionary<long, int>(expectedRows);
        _firstLine.Clear();
    }

    /// <summary>Each number's first line in the file.</summary>
    public Dictionary<long, int> FirstLines => _firstLine;

    public int Rows { get; private set; }
    public int New { get; private set; }
    public int DuplicatesInFile { get; private set; }
    public int AlreadyInCampaign { get; private set; }
    public int Invalid { get; private set; }
    public int Unnamed { get; private set; }

    /// <summary>Sorts <paramref name="row"/>; <paramref name="related"/> is the first row's line for a duplicate, the lead's id for an existing one.</summary>
    public RowVerdict Sort(in ImportRow row, out int related)
    {
        Rows++;
        related = 0;
        if (row.Lead is not { } lead)
        {
            Invalid++;
            return RowVerdict.Invalid;
        }
        if (!_firstLine.TryAdd(lead.Key, row.Line))
        {
            related = _firstLine[lead.Key];
            DuplicatesInFile++;
            return RowVerdict.DuplicateInFile;
        }
        if (_existing.TryGetValue(lead.Key, out related))
        {
            AlreadyInCampaign++;
            return RowVerdict.AlreadyInCampaign;
        }
        if (!lead.Named)
            Unnamed++;
        New++;
        return RowVerdict.New;
    }

    /// <summary>The campaign's leads by the digits of their number (phone, or WhatsApp for WhatsApp-only leads).</summary>
    /// <remarks>One statement for both providers; on PostgreSQL the commit calls it after taking the campaign's import lock.</remarks>
    public static Dictionary<long, int> LoadExisting(DbConnection connection, DbTransaction? transaction, int organizationId, int campaignId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT "Id", coalesce("Phone", "WhatsApp") FROM "Leads"
            WHERE "CampaignId" = @campaign AND "OrganizationId" = @organization AND coalesce("Phone", "WhatsApp") IS NOT NULL
            """;
        LeadActivityDatabase.Parameter(command, "@campaign", campaignId);
        LeadActivityDatabase.Parameter(command, "@organization", organizationId);
        using var reader = command.ExecuteReader();
        var leads = new Dictionary<long, int>();
        while (reader.Read())
        {
            var number = reader.GetString(1);
            if (number.Length > 1 && long.TryParse(number.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var key))
                leads.TryAdd(key, reader.GetInt32(0));
        }
        return leads;
    }
}

/// <summary>
/// The rejected rows of an import as CSV: the file's own columns plus <c>error</c>, ready to fix and import again.
/// Cells are written formula-safe (<see cref="CsvCells.Safe"/>); the import reads its own escaping back.
/// </summary>
internal sealed class RejectedRowsFile : IDisposable
{
    /// <summary>The last column, why the row was rejected: an import of the file passes over it.</summary>
    public const string ErrorColumn = "error";

    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;

    public RejectedRowsFile(string path, IReadOnlyList<string> headers)
    {
        _text = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
        _csv = new CsvWriter(_text, CultureInfo.InvariantCulture);
        foreach (var header in headers)
            _csv.WriteField(CsvCells.Safe(header));
        _csv.WriteField(ErrorColumn);
        _csv.NextRecord();
    }

    public void Write(string[] cells, string error)
    {
        foreach (var cell in cells)
            _csv.WriteField(CsvCells.Safe(cell));
        _csv.WriteField(error);
        _csv.NextRecord();
    }

    public void Dispose()
    {
        _csv.Dispose();
        _text.Dispose();
    }
}
