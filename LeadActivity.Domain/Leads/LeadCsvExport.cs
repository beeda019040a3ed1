using System.Globalization;
using System.Text;
using CsvHelper;
using LeadActivity.Domain.Import;

namespace LeadActivity.Domain.Leads;

/// <summary>Writes the Leads page's current view as CSV: the grid's columns, then the custom fields.</summary>
public static class LeadCsvExport
{
    /// <summary>
    /// What the app keeps about a lead beside the lead itself (its campaign, status and times): written for the reader,
    /// passed over when the export is imported again (<see cref="Import.ImportColumns"/>).
    /// </summary>
    public static IReadOnlyList<string> AppColumns { get; } = ["campaign", "status", "last_activity_at", "next_follow_up_at", "created_at"];

    /// <summary>The export's columns before the custom fields, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["name", "phone", "whatsapp", "email", .. AppColumns];

    /// <summary>Streams <paramref name="rows"/> to <paramref name="output"/> (UTF-8 with BOM, so spreadsheets read accents).</summary>
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<LeadExportRow> rows, IReadOnlyList<string> fieldKeys, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in Columns.Concat(fieldKeys))
            csv.WriteField(column);
        await csv.NextRecordAsync();

        var written = 0;
        await foreach (var (lead, fields) in rows.WithCancellation(cancellationToken))
        {
            csv.WriteField(CsvCells.Safe(lead.Name));
            csv.WriteField(lead.Phone ?? "");
            csv.WriteField(lead.WhatsApp ?? "");
            csv.WriteField(CsvCells.Safe(lead.Email));
            csv.WriteField(CsvCells.Safe(lead.CampaignName));
            csv.WriteField(lead.Status.Slug());
            csv.WriteField(Time(lead.LastActivityAt));
            csv.WriteField(Time(lead.NextFollowUpAt));
            csv.WriteField(Time(lead.CreatedAt));
            foreach (var key in fieldKeys)
                csv.WriteField(CsvCells.Safe(fields.GetValueOrDefault(key)));
            await csv.NextRecordAsync();
            if (++written % 1000 == 0)
                await writer.FlushAsync(cancellationToken);
        }
    }

    private static string Time(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
