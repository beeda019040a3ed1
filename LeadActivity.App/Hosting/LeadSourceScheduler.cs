using LeadActivity.Domain.Import.Sources;

namespace LeadActivity.App.Hosting;

/// <summary>Starts the scheduled pulls of connected lead sources when they are due; checks every minute.</summary>
internal sealed class LeadSourceScheduler(LeadSourcePulls pulls, DatabaseStartup database, TimeProvider clock, ILogger<LeadSourceScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.ReadyAsync();
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                if (await pulls.StartDueAsync(stoppingToken) is > 0 and var started)
                    logger.LogInformation("Started {Count} scheduled pull(s) from lead sources", started);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Checking the lead sources' schedules failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
