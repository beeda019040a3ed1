using System.Diagnostics;

using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Import;

/// <summary>An invalid row as the preview lists it.</summary>
public sealed record RejectedRow(int Line, string Reason);

/// <summary>One of the file's first rows, its cells as read (long ones cut short), for the user to check the file was read right.</summary>
public sealed record SampleRow(int Line, IReadOnlyList<string> Cells);

/// <summary>A row whose number an earlier row of the file already has: it is skipped, the first one wins.</summary>
public sealed record DuplicateRow(int Line, int FirstLine);

/// <summary>
/// What an import of a file would do, worked out over the whole file before anything is written. <see cref="Problems"/>
/// are reasons it cannot proceed; <see cref="Warnings"/> are things the user should know.
/// </summary>
public sealed record LeadImportPreview(
    ImportUpload Upload,
    CsvFileFormat? Format,
    ImportColumns? Columns,
    IReadOnlyDictionary<string, DateOrder> DateOrders,
    int Rows,
    int New,
    int DuplicatesInFile,
    int AlreadyInCampaign,
    int Invalid,
    IReadOnlyList<RejectedRow> FirstInvalid,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The first duplicates within the file, each with the line it repeats.</summary>
    public IReadOnlyList<DuplicateRow> FirstDuplicates { get; init; } = [];

    /// <summary>
    /// The file's first rows as read, whatever their verdict: where the encoding was guessed (Windows-1252), the user
    /// sees whether accents came out right before importing.
    /// </summary>
    public IReadOnlyList<SampleRow> SampleRows { get; init; } = [];

    /// <summary>How many rows <see cref="SampleRows"/> shows.</summary>
    public const int SampleShown = 5;

    /// <summary>The preview's table of numbers, handed to the commit to reuse rather than allocate again.</summary>
    internal Dictionary<long, int>? ScanBuffer { get; init; }

    /// <summary>How many invalid rows the preview lists.</summary>
    public const int InvalidShown = 100;

    public bool CanCommit => Problems.Count == 0;

    internal static LeadImportPreview Refused(ImportUpload upload, CsvFileFormat? format, ImportColumns? columns, string problem) =>
        new(upload, format, columns, new Dictionary<string, DateOrder>(), 0, 0, 0, 0, 0, [], [problem], format?.Warnings ?? []);
}

/// <summary>A running import's progress: rows done of the file's rows, the pace, and the time left at that pace.</summary>
public sealed record ImportProgress(int ImportId, LeadImportState State, int RowsDone, int Rows, double RowsPerSecond)
{
    /// <summary>Every row is written; the new leads are being added to the search index, the last step before the commit.</summary>
    public bool Indexing { get; init; }

    /// <summary>
    /// Imports queued or running on this server before this one: a queued import with none ahead is only starting,
    /// one with some waits for them (one writer at a time).
    /// </summary>
    public int Ahead { get; init; }

    public double Fraction => Rows == 0 ? 0 : Math.Min(1, (double)RowsDone / Rows);

    public TimeSpan? TimeLeft => !Indexing && RowsPerSecond > 0 && Rows >= RowsDone ? TimeSpan.FromSeconds((Rows - RowsDone) / RowsPerSecond) : null;
}

/// <summary>
/// Imports a CSV file of leads into a campaign: stores the upload, previews it over the whole file (a dry run), hands
/// the commit to <see cref="LeadImportJobs"/> (server-owned, one transaction), lists the history and undoes an import.
/// </summary>
public sealed partial class LeadImporter(
    IDbContextFactory<LeadActivityDbContext> dbFactory,
    IOrganizationScope scope,
    LeadActivityDatabase database,
    ImportStorage storage,
    LeadImportJobs jobs,
    ICurrentUser user,
    TimeProvider clock,
    ImportSettings settings)
{
    public long MaxFileBytes => settings.MaxFileBytes;

    /// <summary>Streams an upload to disk. The name must end in <c>.csv</c> and the content stay under <see cref="MaxFileBytes"/>.</summary>
    /// <exception cref="ImportFileException">Not a .csv name, or too large.</exception>
    public async Task<ImportUpload> SaveUploadAsync(Stream content, string fileName, long declaredBytes, CancellationToken cancellationToken = default)
    {
        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new ImportFileException($"“{fileName}” is not a .csv file. Export the leads from your spreadsheet as “CSV UTF-8” and drop that file here.");
        if (declaredBytes > settings.MaxFileBytes)
            throw new ImportFileException(TooLarge(fileName, declaredBytes));
        try
        {
            return await storage.SaveUploadAsync(content, fileName, cancellationToken);
        }
        catch (IOException e) when (e.Message.Contains("exceeds", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFileException(TooLarge(fileName, declaredBytes));
        }
    }

    /// <summary>Forgets an upload that will not be committed.</summary>
    public void Discard(ImportUpload upload) => storage.Delete(upload.Path);

    /// <summary>
    /// A dry run over the whole file: its format, how its headers match the campaign's fields, and what each row would
    /// become. Writes nothing. <paramref name="rowsRead"/> hears the number of rows read now and then.
    /// </summary>
    public async Task<LeadImportPreview?> PreviewAsync(int campaignId, ImportUpload upload, Action<int>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        var campaign = await FindCampaignAsync(campaignId, cancellationToken);
        if (campaign is null)
            return null;
        var organizationId = campaign.OrganizationId;
        return await Task.Run(async () =>
        {
            CsvFileFormat? format = null;
            ImportColumns? columns = null;
            try
            {
                format = await CsvFileFormat.DetectAsync(upload.Path, cancellationToken);
                var dateOrders = LeadImportReader.DetectDateOrders(upload.Path, format, campaign.Fields, campaign.DefaultRegion, cancellationToken);
                using var reader = LeadImportReader.Open(upload.Path, format, campaign.Fields, campaign.DefaultRegion, dateOrders);
                columns = reader.Columns;
                if (!columns.CanImport)
                    return new LeadImportPreview(upload, format, columns, dateOrders, 0, 0, 0, 0, 0, [], columns.Errors, Warnings(format, columns, dateOrders, 0));

                Dictionary<long, int> existing;
                await using (var connection = await database.OpenAsync(cancellationToken))
                    existing = LeadImportScan.LoadExisting(connection, null, organizationId, campaignId);
                var scan = new LeadImportScan(existing, expectedRows: (int)Math.Min(format.LineBreaks + 1, 2_000_000));
                var invalid = new List<RejectedRow>();
                var duplicates = new List<DuplicateRow>();
                var samples = new List<SampleRow>(LeadImportPreview.SampleShown);
                while (reader.TryRead(out var row))
                {
                    if (samples.Count < LeadImportPreview.SampleShown)
                        samples.Add(new SampleRow(row.Line, row.Cells.Select(SampleCell).ToArray()));
                    var verdict = scan.Sort(row, out var related);
                    if (verdict == RowVerdict.Invalid && invalid.Count < LeadImportPreview.InvalidShown)
                        invalid.Add(new RejectedRow(row.Line, row.Error!));
                    else if (verdict == RowVerdict.DuplicateInFile && duplicates.Count < LeadImportPreview.InvalidShown)
                        duplicates.Add(new DuplicateRow(row.Line, related));
                    if (scan.Rows % 8192 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        rowsRead?.Invoke(scan.Rows);
                    }
                }
                rowsRead?.Invoke(scan.Rows);

                var problems = new List<string>();
                if (scan.Rows == 0)
                    problems.Add("The file has a header row but no leads under it.");
                else if (scan.New + scan.AlreadyInCampaign == 0)
                    problems.Add(scan.Invalid == scan.Rows
                        ? "Every row is invalid, so there is nothing to import: fix the rows listed below and upload the file again."
                        : "Nothing to import: every valid row duplicates another row of the file.");
                return new LeadImportPreview(upload, format, columns, dateOrders, scan.Rows, scan.New, scan.DuplicatesInFile,
                    scan.AlreadyInCampaign, scan.Invalid, invalid, problems, Warnings(format, columns, dateOrders, scan.Unnamed))
                {
                    FirstDuplicates = duplicates,
                    SampleRows = samples,
                    ScanBuffer = scan.FirstLines,
                };
            }
            catch (ImportFileException e)
            {
                return LeadImportPreview.Refused(upload, format, columns, e.Message);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Commits a previewed upload: records the import and hands it to the server's import jobs, which carry on when
    /// the user leaves the page. Returns the import's id, or an error when the preview refused the file.
    /// </summary>
    public async Task<(int? ImportId, string? Error)> StartAsync(int campaignId, LeadImportPreview preview, ExistingLeadAction existing,
        CancellationToken cancellationToken = default, int? sourceId = null)
    {
        if (!preview.CanCommit)
            return (null, preview.Problems[0]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
            return (null, "The campaign no longer exists.");
        var import = new LeadImport
        {
            CampaignId = campaignId,
            FileName = preview.Upload.FileName,
            SourceId = sourceId,
            StartedBy = user.Name,
            StartedById = user.Id,
            Existing = existing,
            State = LeadImportState.Queued,
            Rows = preview.Rows,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            // Queued on this server, which beats for it until it runs (LeadImportJobs).
            Node = jobs.Node.Name,
            HeartbeatAt = clock.GetUtcNow().UtcDateTime,
        };
        db.LeadImports.Add(import);
        await db.SaveChangesAsync(cancellationToken);
        storage.Keep(preview.Upload, import.Id);
        jobs.Enqueue(import.OrganizationId, import.Id, import.Rows, preview.Format, preview.DateOrders, preview.ScanBuffer);
        return (import.Id, null);
    }

    /// <summary>Records a pull from a connected source that ended before anything was imported, with why, in the history.</summary>
    public async Task RecordFailedPullAsync(int campaignId, int sourceId, string name, string message, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        db.LeadImports.Add(new LeadImport
        {
            CampaignId = campaignId, SourceId = sourceId, FileName = name, StartedBy = user.Name, StartedById = user.Id,
            State = LeadImportState.Failed, Message = message, CreatedAt = now, StartedAt = now, FinishedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The campaign's imports, newest first.</summary>
    public async Task<IReadOnlyList<LeadImport>> HistoryAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LeadImports.AsNoTracking().Where(i => i.CampaignId == campaignId).OrderByDescending(i => i.Id).Take(50).ToListAsync(cancellationToken);
    }

    public async Task<LeadImport?> FindAsync(int importId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LeadImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, cancellationToken);
    }

    /// <summary>
    /// A running or queued import's progress, from memory (pages poll it); null when it is not running, then read its
    /// outcome with <see cref="FindAsync"/>. Another organization's import is not running as far as this one can tell.
    /// </summary>
    public ImportProgress? Progress(int importId) => jobs.Progress(importId, scope.OrganizationId);

    /// <summary>
    /// A queued or running import's progress on whichever server runs it (from memory here, else from the database,
    /// where its server writes it about every second); null when it is not queued or running.
    /// </summary>
    public Task<ImportProgress?> ProgressAsync(int importId, CancellationToken cancellationToken = default) =>
        jobs.ProgressAsync(importId, scope.OrganizationId, cancellationToken);

    /// <summary>Cancels a queued or running import: its transaction rolls back, so nothing of it is written.</summary>
    public async Task<ChangeResult> CancelAsync(int importId, CancellationToken cancellationToken = default)
    {
        var import = await FindAsync(importId, cancellationToken);
        if (import is null)
            return ChangeResult.NotFound("No such import.");
        // Running here: cancelled at once; on another server: asked for in the database, which that server reads every second.
        return await jobs.RequestCancelAsync(scope.OrganizationId, importId, cancellationToken) ? ChangeResult.Done : ChangeResult.Conflict("The import has already finished.");
    }

    /// <summary>
    /// The rejected rows of an import of this organization as CSV, from the database (any server), or null. Imports
    /// committed before the rows were kept there are served from the file on the server that ran them.
    /// </summary>
    public async Task<Stream?> RejectedRowsAsync(int importId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(importId, cancellationToken) is not { Rejected: > 0 })
            return null;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var csv = await db.LeadImportRejectedRows.AsNoTracking().Where(r => r.ImportId == importId).Select(r => r.Csv).FirstOrDefaultAsync(cancellationToken);
            if (csv is not null)
                return new MemoryStream(csv, writable: false);
        }
        return await RejectedRowsPathAsync(importId, cancellationToken) is { } path ? File.OpenRead(path) : null;
    }

    /// <summary>The rejected rows file of an import of this organization, or null.</summary>
    public async Task<string?> RejectedRowsPathAsync(int importId, CancellationToken cancellationToken = default)
    {
        var import = await FindAsync(importId, cancellationToken);
        if (import is null || import.Rejected == 0)
            return null;
        var path = storage.RejectedOf(importId);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Removes the leads an import created, as long as none of them has activity, notes or follow-ups yet. Leads it
    /// updated keep their values.
    /// </summary>
    public async Task<ChangeResult> UndoAsync(int importId, CancellationToken cancellationToken = default)
    {
        var import = await FindAsync(importId, cancellationToken);
        if (import is null)
            return ChangeResult.NotFound("No such import.");
        if (import.State != LeadImportState.Completed)
            return ChangeResult.Conflict(import.State == LeadImportState.Undone ? "This import has already been undone." : "Only a completed import can be undone.");

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = """
            SELECT count(*) FROM "Leads" AS l
            WHERE l."ImportId" = @import AND l."OrganizationId" = @organization AND (
                l."LastActivityAt" IS NOT NULL
                OR EXISTS (SELECT 1 FROM "Activities" AS a WHERE a."LeadId" = l."Id")
                OR EXISTS (SELECT 1 FROM "Notes" AS n WHERE n."LeadId" = l."Id")
                OR EXISTS (SELECT 1 FROM "FollowUps" AS f WHERE f."LeadId" = l."Id"))
            """;
        LeadActivityDatabase.Parameter(check, "@import", importId);
        LeadActivityDatabase.Parameter(check, "@organization", import.OrganizationId);
        var touched = Convert.ToInt32(await check.ExecuteScalarAsync(cancellationToken));
        if (touched > 0)
        {
            return ChangeResult.Conflict($"{touched:N0} of the leads this import created already {(touched == 1 ? "has" : "have")} activity, notes or follow-ups, " +
                       "so the import can no longer be undone.");
        }

        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = """
            DELETE FROM "Leads" WHERE "ImportId" = @import AND "OrganizationId" = @organization;
            UPDATE "LeadImports" SET "State" = 'Undone', "Message" = @message WHERE "Id" = @import AND "OrganizationId" = @organization;
            """;
        LeadActivityDatabase.Parameter(delete, "@import", importId);
        LeadActivityDatabase.Parameter(delete, "@organization", import.OrganizationId);
        LeadActivityDatabase.Parameter(delete, "@message", $"Undone by {user.Name}: the {import.Created:N0} leads it created were removed.");
        await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ChangeResult.Done;
    }

    private async Task<Campaign?> FindCampaignAsync(int campaignId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
    }

    private static List<string> Warnings(CsvFileFormat format, ImportColumns columns, IReadOnlyDictionary<string, DateOrder> dateOrders, int unnamed)
    {
        var warnings = new List<string>(format.Warnings);
        if (!columns.HasName)
            warnings.Add("The file has no name column: leads will be named by their phone number.");
        else if (unnamed > 0)
            warnings.Add($"{unnamed:N0} new lead{(unnamed == 1 ? " has" : "s have")} no name and will be named by {(unnamed == 1 ? "its" : "their")} phone number.");
        foreach (var (key, order) in dateOrders)
        {
            if (order is DateOrder.DayFirst or DateOrder.MonthFirst)
                warnings.Add($"Dates in “{key}” are read {(order == DateOrder.DayFirst ? "day first (dd/mm/yyyy)" : "month first (mm/dd/yyyy)")}.");
        }
        return warnings;
    }

    private static string SampleCell(string cell)
    {
        var text = CsvCells.Unescape(cell.Trim());
        if (text.Length <= 80)
            return text;
        // Never half of a character written as a surrogate pair (an emoji).
        return text[..(char.IsHighSurrogate(text[79]) ? 79 : 80)] + "…";
    }

    private string TooLarge(string fileName, long bytes) =>
        $"“{fileName}” is {bytes / 1048576.0:0.#} MB; files up to {settings.MaxFileBytes / 1048576} MB can be imported. Split it into smaller files.";

    /// <summary>
    /// The commit, run by <see cref="LeadImportJobs"/>: every accepted row lands in one transaction or none does.
    /// The file is read and checked on one core while the rows are written on the other.
    /// </summary>
    internal static async Task<ImportTimings> RunAsync(RunContext run, Action<int> rowsDone, CancellationToken cancellationToken, Action? indexing = null)
    {
        var phase = Stopwatch.StartNew();
        var (import, campaign) = (run.Import, run.Campaign);
        var uploadPath = run.Storage.UploadOf(import.Id);
        // The preview read the whole file moments ago; its format stands. Columns are matched again, against the
        // campaign's fields as they are now.
        var format = run.Format ?? await CsvFileFormat.DetectAsync(uploadPath, cancellationToken);
        var dateOrders = run.DateOrders ?? LeadImportReader.DetectDateOrders(uploadPath, format, campaign.Fields, campaign.DefaultRegion, cancellationToken);
        using var reader = LeadImportReader.Open(uploadPath, format, campaign.Fields, campaign.DefaultRegion, dateOrders);
        if (!reader.Columns.CanImport)
            throw new ImportFileException(reader.Columns.Errors[0]);
        return await run.Database.Stores.Imports.CommitAsync(run, reader, phase, rowsDone, indexing, cancellationToken);
    }

    /// <summary>
    /// Reads and checks the file on another core (the producer) while <paramref name="write"/> stores each batch on
    /// this one, in file order; a failure on either side stops both. Returns once every row is read and written.
    /// </summary>
    internal static async Task WriteBatchesAsync(RunContext run, LeadImportReader reader, LeadImportScan scan, Func<ImportBatch, ValueTask> write,
        CancellationToken cancellationToken)
    {
        var batches = System.Threading.Channels.Channel.CreateBounded<ImportBatch>(new System.Threading.Channels.BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var producerCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => Produce(reader, scan, run.Import.Existing, run.Storage.RejectedOf(run.Import.Id), batches.Writer, producerCancel.Token), producerCancel.Token);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
                await write(batch);
        }
        catch
        {
            await producerCancel.CancelAsync();
            await Task.WhenAny(producer);
            throw;
        }
        await producer;
    }

    private static async Task Produce(LeadImportReader reader, LeadImportScan scan, ExistingLeadAction existing, string rejectedPath,
        System.Threading.Channels.ChannelWriter<ImportBatch> batches, CancellationToken cancellationToken)
    {
        const int batchSize = 1024;
        try
        {
            using var rejected = new RejectedRowsFile(rejectedPath, reader.Columns.Headers);
            var batch = new ImportBatch();
            while (reader.TryRead(out var row))
            {
                switch (scan.Sort(row, out var related))
                {
                    case RowVerdict.New:
                        batch.New.Add(row.Lead!);
                        break;
                    case RowVerdict.AlreadyInCampaign when existing == ExistingLeadAction.Update:
                        batch.Updates.Add((related, row.Lead!));
                        break;
                    case RowVerdict.Invalid:
                        rejected.Write(row.Cells, row.Error!);
                        break;
                }
                if (scan.Rows % batchSize == 0)
                {
                    batch.RowsThrough = scan.Rows;
                    await batches.WriteAsync(batch, cancellationToken);
                    batch = new ImportBatch();
                }
            }
            batch.RowsThrough = scan.Rows;
            await batches.WriteAsync(batch, cancellationToken);
            batches.Complete();
        }
        catch (Exception e)
        {
            batches.Complete(e);
            throw;
        }
    }

    internal sealed class ImportBatch
    {
        public List<ImportedLead> New { get; } = [];
        public List<(int LeadId, ImportedLead Lead)> Updates { get; } = [];
        public int RowsThrough { get; set; }
    }

    internal sealed record RunContext(LeadImport Import, Campaign Campaign, LeadActivityDatabase Database, ImportStorage Storage, TimeProvider Clock,
        CsvFileFormat? Format = null, IReadOnlyDictionary<string, DateOrder>? DateOrders = null, Dictionary<long, int>? ScanBuffer = null,
        string? Node = null)
    {
        public DateTime Now { get; } = Clock.GetUtcNow().UtcDateTime;
    }
}

/// <summary>Where an import's time went: reading the campaign's leads, writing rows, indexing them for search, updating, committing.</summary>
public sealed record ImportTimings(int Rows, TimeSpan Prepare, TimeSpan WriteRows, TimeSpan Index, TimeSpan Update, TimeSpan Commit)
{
    public override string ToString() => FormattableString.Invariant(
        $"{Rows:N0} rows: prepare {Prepare.TotalSeconds:0.00} s, rows {WriteRows.TotalSeconds:0.00} s, search index {Index.TotalSeconds:0.00} s, updates {Update.TotalSeconds:0.00} s, commit {Commit.TotalSeconds:0.00} s");
}

/// <summary>Import settings: <c>Import:MaxFileMegabytes</c> (default 100).</summary>
public sealed record ImportSettings(long MaxFileBytes = 100L * 1024 * 1024);
