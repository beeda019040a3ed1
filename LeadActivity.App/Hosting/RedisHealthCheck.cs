using LeadActivity.Domain.Activities;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadActivity.App.Hosting;

/// <summary>
/// Degraded, not Unhealthy, while Redis is unreachable: the node still serves everything, and live events from other
/// nodes still arrive, seconds late, through its check against the database. A load balancer should keep it.
/// </summary>
internal sealed class RedisHealthCheck(LiveDeliveryStatus delivery) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(delivery switch
        {
            { ThroughRedis: false } => HealthCheckResult.Healthy("not configured (Events:Redis): live events stay on this node"),
            { Delayed: true } => HealthCheckResult.Degraded(
                $"{delivery.Endpoint} unreachable since {delivery.Since:u} ({delivery.Problem}): events from other nodes arrive late, through the database"),
            _ => HealthCheckResult.Healthy($"{delivery.Endpoint} connected"),
        });
}

/// <summary>The <c>/healthz</c> body: the overall status, then each check's status and why.</summary>
internal static class HealthReportJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            entries = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
            }),
        });
    }
}
