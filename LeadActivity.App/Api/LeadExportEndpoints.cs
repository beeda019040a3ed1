using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.App.Api;

internal static class LeadExportEndpoints
{
    /// <summary><c>GET /leads/export.csv?{the Leads page's query}</c>: the filtered view as CSV, streamed.</summary>
    public static IEndpointRouteBuilder MapLeadExport(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/leads/export.csv", async (HttpContext http, LeadQuery leads, CampaignDirectory campaigns, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var filter = LeadFilter.FromQuery(http.Request.Query.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString())));
            var fieldKeys = await campaigns.FieldKeysAsync(filter.CampaignId, cancellationToken);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"leads-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv\"";
            await LeadCsvExport.WriteAsync(http.Response.Body, leads.ExportAsync(filter with { Page = 1 }, cancellationToken), fieldKeys, cancellationToken);
        });
        return routes;
    }
}
