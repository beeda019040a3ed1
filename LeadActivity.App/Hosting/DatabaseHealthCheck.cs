using LeadActivity.Domain.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadActivity.App.Hosting;

internal sealed class DatabaseHealthCheck(DatabaseStatus database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.ProblemAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy($"database: {problem}")
            : HealthCheckResult.Healthy("database answers");
}
