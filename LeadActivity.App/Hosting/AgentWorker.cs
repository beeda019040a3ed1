using Microsoft.Extensions.Options;
using LeadActivity.Domain.Agent;
using LeadActivity.Domain.FollowUps;

namespace LeadActivity.App.Hosting;

/// <summary>The <c>Agent</c> section of the settings file.</summary>
internal sealed class AgentSettings
{
    public const string Section = "Agent";

    /// <summary>Run the simulated agent, so a demo dashboard comes alive. Off in tests.</summary>
    public bool Simulated { get; init; } = true;

    /// <summary>Seconds between rounds of dispatching due follow-ups and contacting new leads.</summary>
    public double TickSeconds { get; init; } = 4;

    /// <summary>New leads the simulated agent contacts per active campaign and round.</summary>
    public int NewLeadsPerTick { get; init; } = 1;
}

/// <summary>Dispatches due follow-ups to the agent and lets the simulated agent work through active campaigns.</summary>
internal sealed class AgentWorker(
    FollowUpDispatcher dispatcher, SimulatedAgent agent, IOptions<AgentSettings> options, DatabaseStartup database, ILogger<AgentWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await database.ReadyAsync();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.2, settings.TickSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await dispatcher.DispatchDueAsync(cancellationToken: stoppingToken);
                await agent.WorkAsync(settings.NewLeadsPerTick, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // A bad round must not stop the agent for good; it is logged loudly and the next round tries again.
                logger.LogError(error, "The agent's round failed");
            }
        }
    }
}
