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
            // From the database: whichever node ran the import, every node serves its rejected rows.
            var rows = import is null ? null : await importer.RejectedRowsAsync(importId, cancellationToken);
            if (import is null || rows is null)
                return Results.NotFound();
            var name = $"{Path.GetFileNameWithoutExtension(import.FileName)}-rejected.csv";
            return Results.File(rows, "text/csv; charset=utf-8", name);
        });
        return routes;
    }
}
