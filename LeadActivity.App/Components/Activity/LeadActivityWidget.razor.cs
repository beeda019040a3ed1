using LeadActivity.Domain.Activities;
using Microsoft.JSInterop;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Organizations;

namespace LeadActivity.App.Components.Activity;

/// <summary>
/// The home page's live feed. It subscribes to the <see cref="ActivityStream"/> before it loads the latest events, so
/// nothing falls between the two, remembers the last id it showed, and when its queue overflowed reloads everything
/// after that id from the database: no gap, no duplicate, in order. Bursts are coalesced into one render.
/// </summary>
public sealed partial class LeadActivityWidget(
    ActivityFeed feed, CampaignDirectory campaignDirectory, ActivityStream stream, IOrganizationScope scope, Microsoft.JSInterop.IJSRuntime js)
{
    private Microsoft.AspNetCore.Components.ElementReference topMarker;
    private Microsoft.JSInterop.IJSObjectReference? module;
    private Microsoft.JSInterop.IJSObjectReference? topWatch;
    private Microsoft.JSInterop.DotNetObjectReference<LeadActivityWidget>? self;
    private bool scrolledAway;
    private const int Shown = 50;
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);

    private IReadOnlyList<CampaignSummary> campaigns = [];
    private List<ActivityEvent> events = [];
    private readonly List<ActivityEvent> held = [];
    private int? campaignId;
    private long lastId;
    private bool loading = true;
    private List<ActivityEvent>? arrivedWhileReloading;
    private int heldCount;
    private bool paused;
    private bool live;
    private DateTime now = DateTime.UtcNow;
    private ActivitySubscription? subscription;
    private readonly CancellationTokenSource stopping = new();
    private Timer? clock;

    protected override async Task OnInitializedAsync()
    {
        // Only the interactive render holds a subscription; the prerender is a snapshot.
        if (RendererInfo.IsInteractive)
            subscription = stream.Subscribe(scope.OrganizationId);
        campaigns = await campaignDirectory.ListAsync();
        await ReloadAsync();
        if (subscription is not null)
        {
            live = true;
            _ = Task.Run(() => PumpAsync(subscription, stopping.Token));
            clock = new Timer(_ => InvokeAsync(() => { now = DateTime.UtcNow; StateHasChanged(); }), null, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>
    /// Loads the latest events. Live events that arrive meanwhile are set aside and applied on top of the snapshot
    /// (those it already holds are skipped by id), so a reload never hides one.
    /// </summary>
    private async Task ReloadAsync()
    {
        loading = true;
        arrivedWhileReloading = [];
        var latest = await feed.RecentAsync(Shown, campaignId);
        events = [.. latest];
        held.Clear();
        heldCount = 0;
        var shownIds = latest.Select(e => e.Id).ToHashSet();
        var arrived = arrivedWhileReloading.Where(e => !shownIds.Contains(e.Id)).ToList();
        arrivedWhileReloading = null;
        lastId = Math.Max(lastId, latest.Count > 0 ? latest[0].Id : 0);
        if (lastId == 0)
            lastId = (await feed.RecentAsync(1)).FirstOrDefault()?.Id ?? 0;
        foreach (var e in arrived.Where(e => campaignId is null || e.CampaignId == campaignId).OrderBy(e => e.Id))
            events.Insert(0, e);
        loading = false;
    }

    private async Task PumpAsync(ActivitySubscription source, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var burst in source.BurstsAsync(Coalesce, cancellationToken))
            {
                var batch = burst.FellBehind ? await CatchUpAsync([.. burst.Events], cancellationToken) : burst.Events;
                await InvokeAsync(() =>
                {
                    Show(batch);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            await InvokeAsync(() => DispatchExceptionAsync(error));
        }
    }

    /// <summary>After an overflow, everything after the last shown id comes from the database, in id order.</summary>
    private async Task<IReadOnlyList<ActivityEvent>> CatchUpAsync(IReadOnlyList<ActivityEvent> queued, CancellationToken cancellationToken)
    {
        var missed = new List<ActivityEvent>();
        var after = lastId;
        while (true)
        {
            var page = await feed.AfterAsync(after, 1000, cancellationToken);
            missed.AddRange(page);
            if (page.Count < 1000)
                break;
            after = page[^1].Id;
        }
        var known = missed.Select(e => e.Id).ToHashSet();
        return [.. missed, .. queued.Where(e => !known.Contains(e.Id))];
    }

    private void Show(IEnumerable<ActivityEvent> batch)
    {
        if (arrivedWhileReloading is not null)
        {
            arrivedWhileReloading.AddRange(batch);
            return;
        }
        foreach (var e in batch.OrderBy(e => e.Id))
        {
            if (e.Id <= lastId)
            {
                ShowLate(e);
                continue;
            }
            lastId = e.Id;
            if (campaignId is not null && e.CampaignId != campaignId)
                continue;
            if (paused || scrolledAway)
            {
                heldCount++;
                held.Insert(0, e);
            }
            else
                events.Insert(0, e);
        }
        if (held.Count > Shown * 2)
            held.RemoveRange(Shown * 2, held.Count - Shown * 2); // the count still says how many arrived
        if (events.Count > Shown * 2)
            events.RemoveRange(Shown * 2, events.Count - Shown * 2);
        now = DateTime.UtcNow;
    }

    /// <summary>
    /// An event no newer than the last one shown. Usually it is shown already (a catch-up overlapping the live queue)
    /// and skipped; but between app servers one can arrive after a newer one (its publish through Redis stalled), and
    /// then it takes its place in the list, or among the held ones when it is newer than the list's top.
    /// </summary>
    private void ShowLate(ActivityEvent e)
    {
        if ((campaignId is not null && e.CampaignId != campaignId) || events.Exists(x => x.Id == e.Id) || held.Exists(x => x.Id == e.Id))
            return;
        var list = (paused || scrolledAway) && (events.Count == 0 || e.Id > events[0].Id) ? held : events;
        if (list == events && events.Count >= Shown && e.Id < events[^1].Id)
            return; // older than a full list: it would be cut off anyway
        var at = list.FindIndex(x => x.Id < e.Id);
        list.Insert(at < 0 ? list.Count : at, e);
        if (list == held)
            heldCount++;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || subscription is null)
            return;
        // Scrolling down the list holds it still, like pausing; coming back to the top releases what arrived.
        module = await js.InvokeAsync<Microsoft.JSInterop.IJSObjectReference>("import", "./Components/Activity/LeadActivityWidget.razor.js");
        self = Microsoft.JSInterop.DotNetObjectReference.Create(this);
        if (module is not null)
            topWatch = await module.InvokeAsync<Microsoft.JSInterop.IJSObjectReference>("watchTop", topMarker, self);
    }

    [Microsoft.JSInterop.JSInvokable]
    public Task TopVisible(bool visible) => InvokeAsync(() =>
    {
        scrolledAway = !visible;
        if (visible && !paused)
            Resume();
        StateHasChanged();
    });

    private async Task ShowNewEventsAsync()
    {
        scrolledAway = false;
        Resume();
        if (module is not null)
            await module.InvokeVoidAsync("scrollToTop", topMarker);
    }

    private void TogglePause()
    {
        if (paused)
            Resume();
        else
            paused = true;
    }

    private void Resume()
    {
        paused = false;
        events.InsertRange(0, held);
        held.Clear();
        heldCount = 0;
        if (events.Count > Shown * 2)
            events.RemoveRange(Shown * 2, events.Count - Shown * 2);
    }

    private async Task OnCampaignChanged(int? id)
    {
        campaignId = id;
        await ReloadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (topWatch is not null)
                await topWatch.InvokeVoidAsync("dispose");
            if (module is not null)
                await module.DisposeAsync();
        }
        catch (Microsoft.JSInterop.JSDisconnectedException)
        {
        }
        self?.Dispose();
        await stopping.CancelAsync();
        subscription?.Dispose();
        if (clock is not null)
            await clock.DisposeAsync();
        stopping.Dispose();
    }
}
