using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Leads.Bulk;

namespace LeadActivity.App.Api;

internal static class LeadSelectionExportEndpoints
{
    /// <summary>
    /// <c>GET /leads/selections/{id}/export.csv</c>: a selection of the Leads page as CSV, streamed — the export the
    /// selection bar recorded in the audit trail (<see cref="LeadBulkActions.StartExportAsync"/>). Another
    /// organization's id is not found.
    /// </summary>
    public static IEndpointRouteBuilder MapLeadSelectionExport(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/leads/selections/{bulkActionId:int}/export.csv", async (int bulkActionId, HttpContext http, LeadBulkActions bulk, TimeProvider clock,
            CancellationToken cancellationToken) =>
        {
            if (await bulk.ExportAsync(bulkActionId, cancellationToken) is not { } export)
                return Results.NotFound();
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"leads-selection-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv\"";
            await LeadCsvExport.WriteAsync(http.Response.Body, export.Rows, export.FieldKeys, cancellationToken);
            return Results.Empty;
        });
        return routes;
    }
}
