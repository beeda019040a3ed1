using LeadActivity.Domain.Activities;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Runs the ingestion API's single writer (<see cref="ActivityGroupCommit"/>) from the host's start to its stop; at the
/// stop it records what was already queued before it returns.
/// </summary>
internal sealed class ActivityWriter(ActivityGroupCommit groupCommit) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => groupCommit.RunAsync(stoppingToken), CancellationToken.None);
}
