using LeadActivity.Domain;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace LeadActivity.App.Components.Leads;

/// <summary>
/// A lead's page: identity and fields, follow-ups, notes and the timeline. A call opens in a panel whose address is
/// <c>/leads/{id}/calls/{activityId}</c>, so it can be linked to. An unknown lead (or another organization's) is a 404.
/// </summary>
public sealed partial class LeadDetailPage(
    LeadDetailQuery details,
    LeadService leads,
    NoteService noteService,
    FollowUpService followUps,
    NavigationManager navigation,
    ISnackbar snackbar,
    IDialogService dialogs,
    IJSRuntime js)
{
    [Parameter] public int LeadId { get; set; }
    [Parameter] public long? CallId { get; set; }

    private LeadDetail? lead;
    private List<TimelineEntry> timeline = [];
    private TimelineCursor? nextPage;
    private IReadOnlyList<NoteView> notes = [];
    private CallDetail? call;
    private bool loadingMore;
    private List<BreadcrumbItem> breadcrumbs = [];

    /// <summary>A new call or message for this lead prepends to its timeline while the page is open.</summary>
    private async Task OnEventsAsync(ActivityBurst burst, CancellationToken cancellationToken)
    {
        if (burst.FellBehind || burst.Events.Any(e => e.LeadId == LeadId))
        {
            await ApplyNewActivityAsync();
            StateHasChanged();
        }
    }

    /// <summary>Refreshes the lead and puts timeline entries newer than the loaded ones on top, keeping older pages.</summary>
    private async Task ApplyNewActivityAsync()
    {
        if (lead is null)
            return;
        lead = await details.GetAsync(LeadId) ?? lead;
        var head = await details.TimelineAsync(LeadId);
        var known = timeline.Select(e => e.Id).ToHashSet();
        timeline = [.. head.Entries.Where(e => !known.Contains(e.Id)).Concat(timeline)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)];
        notes = await noteService.ListAsync(LeadId);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (lead?.Id != LeadId)
        {
            lead = await details.GetAsync(LeadId);
            if (lead is null)
            {
                navigation.NotFound();
                return;
            }
            breadcrumbs = [new("Leads", "leads"), new(lead.Name, null, disabled: true)];
            await ReloadTimelineAsync();
            notes = await noteService.ListAsync(LeadId);
        }

        call = CallId is { } callId ? await details.CallAsync(LeadId, callId) : null;
        if (CallId is not null && call is null)
            navigation.NotFound();
    }

    private async Task ReloadTimelineAsync()
    {
        var page = await details.TimelineAsync(LeadId);
        timeline = [.. page.Entries];
        nextPage = page.Next;
    }

    private async Task LoadMoreAsync()
    {
        if (nextPage is null || loadingMore)
            return;
        loadingMore = true;
        var page = await details.TimelineAsync(LeadId, nextPage);
        timeline.AddRange(page.Entries);
        nextPage = page.Next;
        loadingMore = false;
    }

    private async Task RefreshAsync()
    {
        lead = await details.GetAsync(LeadId);
        await ReloadTimelineAsync();
        notes = await noteService.ListAsync(LeadId);
    }

    private async Task ChangeStatusAsync(LeadStatus status)
    {
        await leads.ChangeStatusAsync(LeadId, status);
        await RefreshAsync();
        snackbar.Add($"Status set to {status.Label()}", Severity.Success);
    }

    private async Task<ChangeResult> SaveFieldsAsync(IReadOnlyDictionary<string, string?> values)
    {
        var result = await leads.UpdateFieldsAsync(LeadId, values);
        if (result.Succeeded)
        {
            lead = await details.GetAsync(LeadId);
            snackbar.Add("Fields saved", Severity.Success);
            StateHasChanged();
        }
        return result;
    }

    private async Task CancelFollowUpAsync(FollowUpView followUp)
    {
        var confirmed = await dialogs.ShowMessageBoxAsync(
            "Cancel this follow-up?",
            $"Attempt {followUp.Attempt} of {followUp.MaxAttempts} will not be made. This cannot be undone.",
            yesText: "Cancel follow-up", cancelText: "Keep it");
        if (confirmed != true)
            return;
        var result = await followUps.CancelAsync(followUp.Id);
        snackbar.Add(result.Succeeded ? "Follow-up cancelled" : result.Error!, result.Succeeded ? Severity.Success : Severity.Warning);
        await RefreshAsync();
    }

    private async Task<ChangeResult> AddNoteAsync(string text)
    {
        var result = await noteService.AddAsync(LeadId, text);
        if (result.Succeeded)
            await RefreshAsync();
        StateHasChanged(); // called through a Func, not an EventCallback: the page re-renders itself
        return result;
    }

    private async Task<ChangeResult> EditNoteAsync((long Id, string Text) edit)
    {
        var result = await noteService.EditAsync(edit.Id, edit.Text);
        await RefreshAsync();
        StateHasChanged();
        return result;
    }

    private async Task DeleteNoteAsync(long noteId)
    {
        var confirmed = await dialogs.ShowMessageBoxAsync("Delete this note?", "The note is removed for everyone.", yesText: "Delete", cancelText: "Keep it");
        if (confirmed != true)
            return;
        await noteService.DeleteAsync(noteId);
        await RefreshAsync();
    }

    private void OnCallPanelOpenChanged(bool open)
    {
        if (!open)
            CloseCall();
    }

    private void CloseCall()
    {
        returnFocusToCall = CallId;
        navigation.NavigateTo($"leads/{LeadId}");
    }

    /// <summary>The call whose link gets the focus back once its panel has closed, as after any dialog.</summary>
    private long? returnFocusToCall;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (returnFocusToCall is not { } callId || CallId is not null)
            return;
        returnFocusToCall = null;
        await js.InvokeVoidAsync("leadActivity.focus", $"[data-activity-id='{callId}'] .la-call-link");
    }

}
