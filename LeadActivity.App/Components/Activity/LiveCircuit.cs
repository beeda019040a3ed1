using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LeadActivity.App.Components.Activity;

/// <summary>
/// Whether this circuit's browser is connected. Blazor keeps a disconnected circuit for a while in case the browser
/// comes back; meanwhile its live components hold no subscription and run no query (<see cref="ActivitySubscriber"/>,
/// <see cref="DashboardRangePanel"/>), and when it reconnects they catch up by the last id they showed.
/// </summary>
public sealed class LiveCircuit : CircuitHandler
{
    private int _connected = 1;

    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>Raised on the circuit's connection going down (false) or coming back (true), on a thread of its own.</summary>
    public event Action<bool>? ConnectionChanged;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _connected, 0) == 1)
            ConnectionChanged?.Invoke(false);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _connected, 1) == 0)
            ConnectionChanged?.Invoke(true);
        return Task.CompletedTask;
    }
}
