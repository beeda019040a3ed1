using System.Diagnostics;
using System.Net;

namespace LeadActivity.App.Hosting;

/// <summary>
/// What a failing request answers outside Development: no exception message, stack trace or SQL, only a reference to
/// quote (the trace id, which the log carries with the exception). The API answers problem details; pages a plain
/// page written here, because an error must not depend on the rendering that may have failed.
/// </summary>
internal static class ErrorResponses
{
    public static void UseSafeErrors(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseExceptionHandler(
            new ExceptionHandlerOptions { ExceptionHandler = WritePageAsync }));
    }

    private static Task WritePageAsync(HttpContext context)
    {
        var reference = WebUtility.HtmlEncode(Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Error · LeadActivity</title>
            <style>body{font-family:Roboto,Helvetica,Arial,sans-serif;background:#f5f5f5;color:#272c34;display:flex;align-items:center;justify-content:center;min-height:100vh;margin:0}
            main{background:#fff;padding:32px;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);max-width:440px}h1{font-weight:400;margin-top:0}a{color:#3949ab}</style></head>
            <body><main>
            <h1>Something went wrong</h1>
            <p>The request could not be completed. Nothing it was doing was saved; try again in a moment.</p>
            <p>If it keeps happening, quote this reference: <code>{{reference}}</code></p>
            <p><a href="/">Back to the dashboard</a></p>
            </main></body></html>
            """);
    }
}
