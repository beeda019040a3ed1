using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Organizations;
using Microsoft.AspNetCore.Components;

namespace LeadActivity.App.Components.Activity;

/// <summary>
/// The one subscribe loop of the live pages: renders nothing, subscribes to the organization's
/// <see cref="ActivityStream"/> while the circuit is interactive and connected, and hands each burst of events to
/// <see cref="OnEvents"/> on the circuit's dispatcher (so the page's state is only touched there). The subscription
/// has a bounded queue, and renders take turns with every other live page on the node (<see cref="LiveRenderGate"/>):
/// a page slower than the events misses some and gets a burst marked
/// <see cref="ActivityBurst.FellBehind"/>, as it does after its browser reconnects, and catches up from the database.
/// While the browser is disconnected the subscription is dropped. Errors reach the page's error boundary.
/// </summary>
public sealed class ActivitySubscriber(ActivityStream stream, IOrganizationScope scope, LiveCircuit circuit, LiveRenderGate gate) : ComponentBase, IDisposable
{
    private readonly Lock _gate = new();
    private ActivitySubscription? _subscription;
    private CancellationTokenSource? _following;
    private bool _disposed;

    /// <summary>Called with each burst (coalesced over <see cref="Coalesce"/>); the page renders itself if it changed.</summary>
    [Parameter, EditorRequired] public Func<ActivityBurst, CancellationToken, Task> OnEvents { get; set; } = default!;

    [Parameter] public TimeSpan Coalesce { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// When set, the window grows with the organization's audience on this node (a millisecond per open subscription) from <see cref="Coalesce"/> up to this: with many dashboards open, each renders less often, since
    /// every render is a diff and a send per dashboard.
    /// </summary>
    [Parameter] public TimeSpan? MaxCoalesce { get; set; }

    private TimeSpan Window() => MaxCoalesce is { } max
        ? TimeSpan.FromMilliseconds(Math.Clamp((double)stream.SubscriberCount(scope.OrganizationId), Coalesce.TotalMilliseconds, max.TotalMilliseconds))
        : Coalesce;

    protected override void OnInitialized()
    {
        // Only the interactive render holds a subscription; the prerender is a snapshot.
        if (!RendererInfo.IsInteractive)
            return;
        circuit.ConnectionChanged += OnConnectionChanged;
        if (circuit.Connected)
            Start(catchUp: false);
    }

    protected override bool ShouldRender() => false;

    private void OnConnectionChanged(bool connected)
    {
        if (connected)
            Start(catchUp: true);
        else
            Stop();
    }

    private void Start(bool catchUp)
    {
        lock (_gate)
        {
            if (_disposed || _subscription is not null)
                return;
            _subscription = stream.Subscribe(scope.OrganizationId);
            _following = new CancellationTokenSource();
            var (subscription, token) = (_subscription, _following.Token);
            _ = Task.Run(() => FollowAsync(subscription, catchUp, token));
        }
    }

    private void Stop()
    {
        lock (_gate)
        {
            _following?.Cancel(); // not disposed: a handler under way may still be reading its token
            _following = null;
            _subscription?.Dispose();
            _subscription = null;
        }
    }

    private async Task FollowAsync(ActivitySubscription subscription, bool catchUp, CancellationToken cancellationToken)
    {
        try
        {
            // Back from a disconnection: whatever was published meanwhile is in the database, after the last id shown.
            if (catchUp)
                await InvokeAsync(() => OnEvents(new ActivityBurst([], FellBehind: true), cancellationToken));
            // Renders take turns across the node (LiveRenderGate); what arrives while this page waits for its turn
            // goes into the same render.
            while (await subscription.WaitAsync(Window(), cancellationToken))
            {
                using var turn = await gate.TurnAsync(RenderPriority.Events, cancellationToken);
                var burst = subscription.Take();
                await InvokeAsync(() => OnEvents(burst, cancellationToken));
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

    public void Dispose()
    {
        circuit.ConnectionChanged -= OnConnectionChanged;
        lock (_gate)
            _disposed = true;
        Stop();
    }
}
