using LeadActivity.Domain.Import;

namespace LeadActivity.App.Api;

internal static class ImportEndpoints
{
    /// <summary><c>GET /imports/{id}/rejected.csv</c>: an import's rejected rows with their reasons, ready to fix and import again.</summary>
    public static IEndpointRouteBuilder MapImportFiles(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/imports/{importId:int}/rejected.csv", async (int importId, LeadImporter importer, CancellationToken cancellationToken) =>
        {
            var import = await importer.FindAsync(importId, cancellationToken);
            var path = import is null ? null : await importer.RejectedRowsPathAsync(importId, cancellationToken);
            if (import is null || path is null)
                return Results.NotFound();
            var name = $"{Path.GetFileNameWithoutExtension(import.FileName)}-rejected.csv";
            return Results.File(path, "text/csv; charset=utf-8", name);
        });
        return routes;
    }
}
