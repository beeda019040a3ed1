using LeadActivity.Domain.Activities;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Receives the other nodes' events into this node's <see cref="ActivityStream"/> from the host's start to its stop
/// (through Redis: the subscription and the database check); in-process there is nothing to run.
/// </summary>
internal sealed class ActivityStreamDelivery(ActivityStream stream) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => stream.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => stream.StopAsync(cancellationToken);
}
