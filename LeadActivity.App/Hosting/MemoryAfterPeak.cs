using System.Runtime;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Gives memory back to the system once a crowd has left. A launch opens hundreds of dashboards on a node, each a
/// circuit of about a megabyte; when they close, the server garbage collector keeps the space it grew to (measured:
/// 700 MB committed for a 36 MB live heap after 300 dashboards closed, for as long as the node stayed quiet), ready
/// for the next crowd. Every ten seconds this compares the open circuits with their peak since the last look; when at
/// least half of them, and at least <see cref="LeastDrop"/>, have closed, it runs one aggressive full collection, which
/// compacts and decommits what is free. That pauses the node for a moment, which is why it waits for a real drop.
/// </summary>
public sealed class MemoryAfterPeak(OpenCircuits circuits, ILogger<MemoryAfterPeak> logger) : BackgroundService
{
    public const int LeastDrop = 50;
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LookEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var (open, peak) = circuits.TakePeak();
            if (!ShouldGiveBack(open, peak))
                continue;
            var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            logger.LogInformation("{Closed} of {Peak} dashboards closed: memory held by the collector went from {Before} MB to {After} MB",
                peak - open, peak, before / 1048576, GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576);
        }
    }

    /// <summary>At least half of the peak's circuits, and at least <see cref="LeastDrop"/>, have closed.</summary>
    public static bool ShouldGiveBack(int open, int peak) => peak - open >= Math.Max(LeastDrop, (peak + 1) / 2);
}

/// <summary>How many circuits this node holds, and the most it held since the last <see cref="TakePeak"/>.</summary>
public sealed class OpenCircuits
{
    private int _open;
    private int _peak;

    public int Open => Volatile.Read(ref _open);

    internal void Opened()
    {
        var open = Interlocked.Increment(ref _open);
        int peak;
        while ((peak = Volatile.Read(ref _peak)) < open && Interlocked.CompareExchange(ref _peak, open, peak) != peak)
        {
        }
    }

    internal void Closed() => Interlocked.Decrement(ref _open);

    /// <summary>The open count and the peak since the last call; the next peak starts from now.</summary>
    public (int Open, int Peak) TakePeak()
    {
        var open = Open;
        return (open, Math.Max(open, Interlocked.Exchange(ref _peak, open)));
    }
}

/// <summary>Counts circuits as Blazor opens and closes them (a scoped handler, one per circuit).</summary>
public sealed class OpenCircuitsCounter(OpenCircuits circuits) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Closed();
        return Task.CompletedTask;
    }
}
