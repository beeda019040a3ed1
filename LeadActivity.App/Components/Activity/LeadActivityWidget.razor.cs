using LeadActivity.App.Components.Shared;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LeadActivity.App.Components.Activity;

/// <summary>
/// The home page's live feed. The <see cref="ActivitySubscriber"/> subscribes before the latest events load, so
/// nothing falls between the two; <see cref="LiveFeed"/> merges what arrives (no gap, no duplicate, in order) and,
/// when events were lost on the way, what the database holds after the last id shown. Rows are plain markup in one
/// component (<see cref="FeedList"/>), the only one an event renders; their relative times tick on a timer started at
/// a random offset, so open dashboards do not all render at the same instant.
/// </summary>
public sealed partial class LeadActivityWidget(ActivityFeed activities, CampaignDirectory campaignDirectory, UserClock userClock, LiveDeliveryStatus delivery,
    NavigationManager navigation, IJSRuntime js, LiveRenderGate renderGate)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(20);

    // Events arriving within the window render together: every render is a diff and a send on every open dashboard,
    // so with 200 or more open on a node each renders at most five times a second; with a hundred, ten times. Under
    // more load than that the render gate spaces the renders out further (LiveRenderGate).
    private static readonly TimeSpan MaxCoalesce = TimeSpan.FromMilliseconds(200);

    private readonly LiveFeed feed = new();
    private readonly FeedAnnouncer announcer = new();
    private FeedList? rows;
    private ElementReference topMarker;
    private IJSObjectReference? module;
    private IJSObjectReference? topWatch;
    private DotNetObjectReference<LeadActivityWidget>? self;
    private IReadOnlyList<CampaignSummary> campaigns = [];
    private bool loading = true;
    private bool live;
    private Timer? clock;

    /// <summary>The campaign whose events the feed shows (all when null), as the page's address says.</summary>
    [Parameter] public int? CampaignId { get; set; }

    /// <summary>The feed of one campaign's page: <see cref="CampaignId"/> only, without the campaign menu.</summary>
    [Parameter] public bool FixedCampaign { get; set; }

    private bool initialized;

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            // Lets the first render start the subscriber before anything loads, so no event falls between the two
            // (a query may complete without yielding).
            feed.BeginLoad(CampaignId);
            await Task.Yield();
        }
        campaigns = await campaignDirectory.ListAsync();
        await ReloadAsync(CampaignId);
        initialized = true;
        if (RendererInfo.IsInteractive)
        {
            live = true;
            userClock.Changed += OnZoneChanged;
            delivery.Changed += OnDeliveryChanged;
            clock = new Timer(_ => _ = renderGate.RunAsync(() => InvokeAsync(() =>
            {
                var now = DateTime.UtcNow;
                rows?.Show(now, announcer.Due(now));
            })), null, Tick * Random.Shared.NextDouble(), Tick);
        }
    }

    /// <summary>Loads the latest events; live events that arrive meanwhile are laid over the snapshot.</summary>
    private async Task ReloadAsync(int? campaignId)
    {
        loading = true;
        feed.BeginLoad(campaignId);
        var latest = await activities.RecentAsync(LiveFeed.DefaultShown, campaignId);
        // A campaign with no events yet still starts after the organization's newest id.
        var newest = latest.Count > 0 && campaignId is null ? latest[0].Id : await activities.LatestIdAsync();
        feed.Load(latest, newest);
        loading = false;
    }

    private async Task OnEventsAsync(ActivityBurst burst, CancellationToken cancellationToken)
    {
        var batch = burst.FellBehind
            ? await feed.CatchUpAsync(burst.Events, activities.AfterAsync, activities.RecentAsync, cancellationToken)
            : burst.Events;
        if (batch.Count == 0)
            return;
        var (held, version) = (feed.HeldCount, feed.Version);
        var added = feed.Apply(batch);
        var now = DateTime.UtcNow;
        var said = announcer.Add(added, feed.Holding, now);
        // Only the list renders per event; the header (its MudBlazor controls) only when its "N new events" changes.
        if (feed.HeldCount != held || rows is null)
            StateHasChanged();
        if (feed.Version != version || said is not null)
            rows?.Show(now, said);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !live)
            return;
        // Scrolling down the list holds it still, like pausing; coming back to the top releases what arrived.
        module = await js.InvokeAsync<IJSObjectReference>("import", "./Components/Activity/LeadActivityWidget.razor.js");
        self = DotNetObjectReference.Create(this);
        if (module is not null)
            topWatch = await module.InvokeAsync<IJSObjectReference>("watchTop", topMarker, self);
    }

    [JSInvokable]
    public Task TopVisible(bool visible) => InvokeAsync(() =>
    {
        feed.ScrolledAway(!visible);
        StateHasChanged();
    });

    private async Task ShowNewEventsAsync()
    {
        feed.ShowHeld();
        if (module is not null)
            await module.InvokeVoidAsync("scrollToTop", topMarker);
    }

    private void TogglePause()
    {
        if (feed.Paused)
            feed.Resume();
        else
            feed.Pause();
    }

    // Back and forward in the browser change the address, and with it the campaign.
    protected override Task OnParametersSetAsync() =>
        initialized && CampaignId != feed.CampaignId ? ReloadAsync(CampaignId) : Task.CompletedTask;

    /// <summary>A campaign chosen in the menu goes into the address (replacing it: no history entry per choice), which reloads the feed.</summary>
    private void OnCampaignChanged(int? id) =>
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("campaign", id), replace: true);

    private void OnZoneChanged() => InvokeAsync(StateHasChanged);

    private void OnDeliveryChanged() => InvokeAsync(StateHasChanged);

    public async ValueTask DisposeAsync()
    {
        userClock.Changed -= OnZoneChanged;
        delivery.Changed -= OnDeliveryChanged;
        try
        {
            if (topWatch is not null)
                await topWatch.InvokeVoidAsync("dispose");
            if (module is not null)
                await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
        self?.Dispose();
        if (clock is not null)
            await clock.DisposeAsync();
    }
}
