using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace LeadActivity.App.Components.Import;

public sealed partial class CampaignLeadsTab
{
    private readonly CancellationTokenSource _disposed = new();
    private LeadImportPreview? preview;
    private ImportProgress? running;
    private string? runningFileName;
    private LeadImport? finished;
    private IReadOnlyList<LeadImport> history = [];
    private IReadOnlyList<LeadRow> newest = [];
    private ExistingLeadAction existing = ExistingLeadAction.Skip;
    private string? busy;
    private string? uploadError;
    private bool starting;
    private bool dragging;

    [Inject] private LeadImporter Importer { get; set; } = default!;
    [Inject] private LeadQuery LeadQuery { get; set; } = default!;
    [Inject] private CampaignFieldService Fields { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Parameter, EditorRequired] public Campaign Campaign { get; set; } = default!;

    /// <summary>How many leads the campaign has (the page's overview knows).</summary>
    [Parameter] public int Leads { get; set; }

    /// <summary>Raised when an import changed the campaign's leads or fields, so the page reloads its overview.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    protected override async Task OnInitializedAsync()
    {
        history = await Importer.HistoryAsync(Campaign.Id);
        newest = await NewestAsync();
        // Coming back to the page while an import runs shows its progress.
        if (history.FirstOrDefault(i => i.State is LeadImportState.Queued or LeadImportState.Running) is { } active)
            Watch(active.Id, active.FileName);
    }

    private async Task OnFileChosenAsync(IBrowserFile? file)
    {
        if (file is null)
            return;
        uploadError = null;
        var token = _disposed.Token;
        try
        {
            busy = $"Uploading {file.Name} ({UploadSize.Describe(file.Size)})…";
            StateHasChanged();
            ImportUpload upload;
            await using (var content = file.OpenReadStream(Importer.MaxFileBytes, token))
                upload = await Importer.SaveUploadAsync(content, file.Name, file.Size, token);

            busy = $"Checking every row of {file.Name}…";
            StateHasChanged();
            var lastRender = DateTime.UtcNow;
            preview = await Importer.PreviewAsync(Campaign.Id, upload, rows =>
            {
                if (DateTime.UtcNow - lastRender < TimeSpan.FromMilliseconds(250))
                    return;
                lastRender = DateTime.UtcNow;
                _ = InvokeAsync(() =>
                {
                    busy = $"Checking every row of {file.Name}… {rows:N0} rows so far";
                    StateHasChanged();
                });
            }, token);
            existing = ExistingLeadAction.Skip;
        }
        catch (ImportFileException e)
        {
            uploadError = e.Message;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            busy = null;
        }
    }

    private async Task CommitAsync()
    {
        if (preview is null)
            return;
        starting = true;
        var (importId, error) = await Importer.StartAsync(Campaign.Id, preview, existing);
        starting = false;
        if (importId is null)
        {
            Snackbar.Add(error!, Severity.Error);
            return;
        }
        var fileName = preview.Upload.FileName;
        preview = null;
        history = await Importer.HistoryAsync(Campaign.Id);
        Watch(importId.Value, fileName);
    }

    private void DiscardPreview()
    {
        if (preview is not null)
            Importer.Discard(preview.Upload);
        preview = null;
    }

    /// <summary>The one-click "create field" for a header the campaign has no field for; the preview runs again with it.</summary>
    private async Task CreateFieldAsync(IgnoredColumn column)
    {
        if (preview is null)
            return;
        var label = System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(column.SuggestedKey.Replace('_', ' '));
        var result = await Fields.AddFieldAsync(Campaign.Id, new CustomFieldDefinition(column.SuggestedKey, label, CustomFieldType.Text));
        if (!result.Succeeded)
        {
            Snackbar.Add(result.Error!, Severity.Error);
            return;
        }
        Snackbar.Add($"Created the text field “{column.SuggestedKey}”", Severity.Success);
        await OnChanged.InvokeAsync();
        busy = "Checking every row again with the new field…";
        var upload = preview.Upload;
        preview = null;
        StateHasChanged();
        preview = await Importer.PreviewAsync(Campaign.Id, upload, cancellationToken: _disposed.Token);
        busy = null;
    }

    private async Task CancelAsync()
    {
        if (running is null)
            return;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Cancel the import?",
            "Everything this import has written so far is rolled back: no lead of this file will be imported.",
            yesText: "Cancel import", cancelText: "Keep going");
        if (confirmed == true)
            await Importer.CancelAsync(running.ImportId);
    }

    private async Task UndoAsync(LeadImport import)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Undo this import?",
            $"The {import.Created:N0} leads that {import.FileName} created are deleted. Leads it updated keep their new values.",
            yesText: "Undo import", cancelText: "Keep the leads");
        if (confirmed != true)
            return;
        var result = await Importer.UndoAsync(import.Id);
        if (result.Succeeded)
        {
            Snackbar.Add($"Undone: the {import.Created:N0} leads from {import.FileName} were removed", Severity.Success);
            finished = null;
            newest = await NewestAsync();
            await OnChanged.InvokeAsync();
        }
        else
            Snackbar.Add(result.Error!, Severity.Warning);
        history = await Importer.HistoryAsync(Campaign.Id);
    }

    /// <summary>A pull was handed to the import jobs (watch it like an upload) or failed before (show why).</summary>
    private async Task OnPulledAsync()
    {
        history = await Importer.HistoryAsync(Campaign.Id);
        if (history.FirstOrDefault() is not { } latest)
            return;
        if (latest.State is LeadImportState.Queued or LeadImportState.Running)
            Watch(latest.Id, latest.FileName);
        else
            finished = latest;
    }

    /// <summary>Polls the server-side job's progress until it ends; the job itself does not depend on this circuit.</summary>
    private void Watch(int importId, string fileName)
    {
        runningFileName = fileName;
        running = Importer.Progress(importId) ?? new ImportProgress(importId, LeadImportState.Queued, 0, 0, 0);
        _ = WatchAsync(importId, _disposed.Token);
    }

    private async Task WatchAsync(int importId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // From whichever node runs it: a person on another node sees it move too.
                if (await Importer.ProgressAsync(importId, cancellationToken) is { } progress)
                {
                    await InvokeAsync(() =>
                    {
                        running = progress;
                        StateHasChanged();
                    });
                    continue;
                }
                // The job is over: its outcome is in the history, which the page shows anyway.
                var imports = await Importer.HistoryAsync(Campaign.Id, cancellationToken);
                var import = imports.FirstOrDefault(i => i.Id == importId);
                if (import is { State: LeadImportState.Queued or LeadImportState.Running })
                    continue;
                var rows = await NewestAsync(cancellationToken);
                await InvokeAsync(async () =>
                {
                    running = null;
                    finished = import;
                    history = imports;
                    newest = rows;
                    if (import?.State == LeadImportState.Completed)
                        await OnChanged.InvokeAsync();
                    StateHasChanged();
                });
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<IReadOnlyList<LeadRow>> NewestAsync(CancellationToken cancellationToken = default) =>
        (await LeadQuery.PageAsync(new LeadFilter { CampaignId = Campaign.Id, SortBy = LeadSortField.Created, PageSize = 10 }, cancellationToken)).Rows;

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        // A preview nobody committed is not kept; a committed import runs on without this component.
        if (preview is not null)
            Importer.Discard(preview.Upload);
        _disposed.Dispose();
    }
}
