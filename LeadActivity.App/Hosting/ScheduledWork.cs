using LeadActivity.Domain.Import;
using LeadActivity.Domain.Import.Sources;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Every minute: starts the scheduled pulls of connected lead sources that are due (each claimed by one node), and
/// fails imports whose node stopped beating their heartbeat (it died; their transaction died with it).
/// </summary>
internal sealed class ScheduledWork(LeadSourcePulls pulls, LeadImportJobs imports, DatabaseStartup database, TimeProvider clock, ILogger<ScheduledWork> logger) : BackgroundService
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
            try
            {
                await imports.SweepStaleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Looking for imports whose node died failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
