namespace LeadActivity.App.Components.Activity;

/// <summary>
/// How many live screens may render at once on this node (<c>Dashboards:ConcurrentRenders</c>, by default half its
/// cores, at least one). A live update is a render, a diff and a send on the screen's circuit, all CPU; when an event
/// reaches a thousand open dashboards, letting all of them queue their renders at once would put a thousand work items
/// in the thread pool ahead of the next API request. Through the gate they take turns on part of the cores, so a
/// request waits for a few renders at most and ingestion keeps the other cores however many watch, and a dashboard
/// that waits longer for its turn takes everything that arrived meanwhile in one render (<see cref="ActivitySubscriber"/>).
/// New events go first (<see cref="RenderPriority.Events"/>): figures pushed to every dashboard at once (tiles, charts,
/// a campaign's overview) and clock ticks wait while a feed has something new to show, so a push to a thousand
/// dashboards never holds a new row back behind it.
/// </summary>
public sealed class LiveRenderGate(int concurrency)
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _events = new();
    private readonly Queue<TaskCompletionSource> _figures = new();
    private int _free = concurrency;

    /// <summary>Runs <paramref name="render"/> (a dispatch onto a circuit that renders) in its turn.</summary>
    public async Task RunAsync(Func<Task> render, RenderPriority priority = RenderPriority.Figures, CancellationToken cancellationToken = default)
    {
        using var turn = await TurnAsync(priority, cancellationToken);
        await render();
    }

    /// <summary>Waits for a turn; dispose the result to give it back.</summary>
    public async Task<IDisposable> TurnAsync(RenderPriority priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiting;
        lock (_lock)
        {
            if (_free > 0)
            {
                _free--;
                return new Turn(this);
            }
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (priority == RenderPriority.Events ? _events : _figures).Enqueue(waiting);
        }
        // A cancelled waiter stays queued and is skipped when its turn would come.
        await using (cancellationToken.Register(() => waiting.TrySetCanceled(cancellationToken)))
            await waiting.Task;
        return new Turn(this);
    }

    private void GiveBack()
    {
        lock (_lock)
        {
            while (_events.TryDequeue(out var next) || _figures.TryDequeue(out next))
            {
                if (next.TrySetResult())
                    return; // the turn passes to it
            }
            _free++;
        }
    }

    private sealed class Turn(LiveRenderGate gate) : IDisposable
    {
        private int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
                gate.GiveBack();
        }
    }
}

/// <summary>Which renders go first when live screens wait for a turn (<see cref="LiveRenderGate"/>).</summary>
public enum RenderPriority
{
    /// <summary>New events on a feed or a list: what people watch for.</summary>
    Events,

    /// <summary>Figures and clocks: pushed to every screen at once, latest wins, a moment later is fine.</summary>
    Figures,
}

/// <summary>
/// Figures pushed to one screen, latest wins: a busy circuit gets the newest when its turn comes, never a queue of
/// them. At most one render is pending; it waits its turn at the gate (<see cref="RenderPriority.Figures"/>) and runs on
/// the component's dispatcher (<paramref name="dispatch"/>, its <c>InvokeAsync</c>).
/// </summary>
public sealed class LatestFigures<T>(LiveRenderGate gate, Func<Action, Task> dispatch, Action<T> show) where T : class
{
    private T? _arrived;

    /// <summary>Called by the figures' owner, on its own thread.</summary>
    public void Offer(T figures)
    {
        if (Interlocked.Exchange(ref _arrived, figures) is null)
            _ = gate.RunAsync(() => dispatch(() =>
            {
                if (Interlocked.Exchange(ref _arrived, null) is { } latest)
                    show(latest);
            }));
    }
}
