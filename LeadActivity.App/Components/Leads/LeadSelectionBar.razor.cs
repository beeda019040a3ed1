using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Leads.Bulk;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadActivity.App.Components.Leads;

/// <summary>
/// The Leads page's selection bar: how many are selected ("select all N matching this view"), the bulk actions, and
/// the running action's progress. Actions run as server jobs (<see cref="LeadBulkJobs"/>); the bar only asks, confirms
/// and follows them, and tells the page to reload when one is done.
/// </summary>
public sealed partial class LeadSelectionBar(LeadBulkActions bulk, IDialogService dialogs) : IDisposable
{
    [Parameter, EditorRequired] public LeadSelectionState Selection { get; set; } = default!;
    [Parameter, EditorRequired] public LeadFilter Filter { get; set; } = default!;
    [Parameter] public int Total { get; set; }
    [Parameter] public IReadOnlyList<LeadRow> Rows { get; set; } = [];
    [Parameter] public IReadOnlyList<CampaignSummary> Campaigns { get; set; } = [];

    /// <summary>Called when an action has finished, so the page shows the leads as they are now.</summary>
    [Parameter] public EventCallback OnFinished { get; set; }

    /// <summary>Called when the selection changes here (cleared, widened to all matching).</summary>
    [Parameter] public EventCallback OnSelectionChanged { get; set; }

    private BulkActionView? running;
    private (string Url, string Label)? export;
    private BulkAction? finished;
    private readonly CancellationTokenSource _disposed = new();

    private string Leads => Selection.Count == 1 ? "1 lead" : $"{Selection.Count:N0} leads";

    /// <summary>Every lead of the view, on every page: the page re-renders so each row shows ticked.</summary>
    private async Task SelectAllMatchingAsync()
    {
        Selection.SelectAllMatching(Filter, Total);
        await OnSelectionChanged.InvokeAsync();
    }

    private async Task ClearAsync()
    {
        Selection.Clear();
        export = null;
        await OnSelectionChanged.InvokeAsync();
    }

    private async Task ChangeStatusAsync(LeadStatus status)
    {
        var consequence = status.IsFinal()
            ? " Their scheduled follow-ups are cancelled: the agent stops contacting them."
            : "";
        if (await dialogs.ShowMessageBoxAsync($"Change {Leads} to {status.Label()}?",
                $"Each lead's timeline records the change, by you.{consequence}", yesText: "Change status", cancelText: "Cancel") != true)
            return;
        await FollowAsync(await bulk.ChangeStatusAsync(Selection.ToSelection(), status));
    }

    private async Task CancelFollowUpsAsync()
    {
        if (await dialogs.ShowMessageBoxAsync($"Cancel the scheduled follow-ups of {Leads}?",
                "The agent will not retry them. Each cancelled follow-up is recorded on its lead's timeline.", yesText: "Cancel follow-ups", cancelText: "Keep them") != true)
            return;
        await FollowAsync(await bulk.CancelFollowUpsAsync(Selection.ToSelection()));
    }

    private async Task ToCampaignAsync(bool copy)
    {
        var selection = Selection.ToSelection();
        var dialog = await dialogs.ShowAsync<MoveLeadsDialog>($"{(copy ? "Copy" : "Move")} {Leads} to another campaign", new DialogParameters<MoveLeadsDialog>
        {
            { d => d.Selection, selection },
            { d => d.Campaigns, Campaigns },
            { d => d.Count, Selection.Count },
            { d => d.Copy, copy },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: int target })
            await FollowAsync(copy ? await bulk.CopyAsync(selection, target) : await bulk.MoveAsync(selection, target));
    }

    private async Task DeleteAsync()
    {
        var selection = Selection.ToSelection();
        var (leads, entries) = await bulk.PreviewDeleteAsync(selection);
        var count = leads == 1 ? "1 lead" : $"{leads:N0} leads";
        if (await dialogs.ShowMessageBoxAsync($"Delete {count}?",
                $"With them go {entries:N0} timeline entries, their follow-ups and notes. You can undo it right after, as long as none of their numbers is added to its campaign again.",
                yesText: $"Delete {count}", cancelText: "Keep them") != true)
            return;
        await FollowAsync(await bulk.DeleteAsync(selection));
    }

    private async Task UndoAsync(int deleteId) => await FollowAsync(await bulk.UndoDeleteAsync(deleteId));

    /// <summary>Records the export (the audit trail keeps who took which leads) and offers its download as a link.</summary>
    private async Task ExportAsync()
    {
        var start = await bulk.StartExportAsync(Selection.ToSelection());
        export = start.Started ? ($"leads/selections/{start.Id}/export.csv", Leads) : null;
    }

    /// <summary>Follows the job until it ends; the job itself does not depend on this circuit.</summary>
    private async Task FollowAsync(BulkStart start)
    {
        if (!start.Started)
        {
            finished = new BulkAction
            {
                Description = "Nothing was changed", Selection = "", SelectionLabel = "", StartedBy = "", StartedById = "",
                State = BulkActionState.Failed, Message = start.Error,
            };
            return;
        }
        finished = null;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
            while (await bulk.FindAsync(start.Id!.Value, _disposed.Token) is { } view && !view.IsFinished)
            {
                running = view;
                StateHasChanged();
                await timer.WaitForNextTickAsync(_disposed.Token);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            return; // the page was left; the job carries on and the audit trail keeps its outcome
        }
        running = null;
        finished = (await bulk.FindAsync(start.Id!.Value, _disposed.Token))?.Action;
        if (finished?.State == BulkActionState.Completed)
            Selection.Clear();
        await OnFinished.InvokeAsync();
    }

    private static string RunningStep(BulkActionView job) => job.Action.State == BulkActionState.Queued
        ? "waiting for the action before it…"
        : job.Progress is { } progress ? $"{progress.Step}…" : "running…";

    private static string Result(BulkAction action)
    {
        if (action.State != BulkActionState.Completed)
            return action.Message ?? "It failed and was rolled back: no lead was changed.";
        var what = action.Kind switch
        {
            BulkActionKind.ChangeStatus => $"{action.Affected:N0} lead{(action.Affected == 1 ? "" : "s")} changed to {action.Status?.Label()}.",
            BulkActionKind.CancelFollowUps => $"Follow-ups cancelled for {action.Affected:N0} lead{(action.Affected == 1 ? "" : "s")}.",
            BulkActionKind.MoveToCampaign => $"{action.Description}: {action.Affected:N0} moved / {action.Skipped:N0} skipped.",
            BulkActionKind.CopyToCampaign => $"{action.Description}: {action.Affected:N0} copied / {action.Skipped:N0} skipped.",
            BulkActionKind.Delete => $"{action.Affected:N0} lead{(action.Affected == 1 ? "" : "s")} deleted.",
            BulkActionKind.UndoDelete => $"Undone: {action.Affected:N0} lead{(action.Affected == 1 ? "" : "s")} restored.",
            _ => action.Description,
        };
        return action.Message is { } more ? $"{what} {more}" : what;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
