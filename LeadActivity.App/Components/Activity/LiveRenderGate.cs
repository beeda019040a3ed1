namespace LeadActivity.App.Components.Activity;

/// <summary>
/// How many live screens may render at once on this node (<c>Dashboards:ConcurrentRenders</c>, by default half its
/// cores, at least one). A live update is a render, a diff
/// and a send on the screen's circuit, all CPU; when an event reaches a thousand open dashboards, letting all of them
/// queue their renders at once would put a thousand work items in the thread pool ahead of the next API request.
/// Through the gate they take turns on part of the cores, so a request waits for a few renders at most and ingestion
/// keeps the other cores however many watch, and a dashboard that waits longer
/// for its turn takes everything that arrived meanwhile in one render (<see cref="ActivitySubscriber"/>).
/// </summary>
public sealed class LiveRenderGate(int concurrency)
{
    private readonly SemaphoreSlim _turns = new(concurrency, concurrency);

    /// <summary>Runs <paramref name="render"/> (a dispatch onto a circuit that renders) in its turn.</summary>
    public async Task RunAsync(Func<Task> render, CancellationToken cancellationToken = default)
    {
        await _turns.WaitAsync(cancellationToken);
        try
        {
            await render();
        }
        finally
        {
            _turns.Release();
        }
    }

    /// <summary>Waits for a turn; dispose the result to give it back.</summary>
    public async Task<IDisposable> TurnAsync(CancellationToken cancellationToken)
    {
        await _turns.WaitAsync(cancellationToken);
        return new Turn(_turns);
    }

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
                turns.Release();
        }
    }
}
