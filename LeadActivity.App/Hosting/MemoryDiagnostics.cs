using System.Net;
using System.Runtime;

namespace LeadActivity.App.Hosting;

/// <summary>
/// <c>GET /diagnostics/memory</c>, mapped only when <c>Diagnostics:Enabled</c> is true (never by default): the live
/// managed heap after a forced, compacting full collection, so the dashboards benchmark can say what each open
/// dashboard costs. It answers only requests from this machine, and forcing a full collection pauses the app, which is
/// why nothing in production turns it on.
/// </summary>
internal static class MemoryDiagnostics
{
    public static void MapMemoryDiagnostics(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Diagnostics:Enabled", false))
            return;
        app.MapGet("/diagnostics/memory", (HttpContext context) =>
        {
            if (context.Connection.RemoteIpAddress is not { } caller || !IPAddress.IsLoopback(caller))
                return Results.NotFound();
            // Twice, with finalizers run in between: objects a finalizer frees are gone only after the second one.
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            // Committed: what the collector holds from the system, live or not (the part of the resident memory it owns).
            return Results.Json(new { HeapBytes = GC.GetTotalMemory(forceFullCollection: false), CommittedBytes = GC.GetGCMemoryInfo().TotalCommittedBytes });
        }).AllowAnonymous();
    }
}
