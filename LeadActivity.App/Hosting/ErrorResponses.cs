using System.Diagnostics;
using System.Net;

namespace LeadActivity.App.Hosting;

/// <summary>
/// What a failing request answers: no exception message, stack trace, SQL or request header, only a reference to
/// quote (the trace id, which the log carries with the exception). The API answers problem details in every
/// environment (<see cref="UseApiProblemDetails"/>); pages, outside Development, a plain page written here, because an
/// error must not depend on the rendering that may have failed (in Development pages keep the developer page).
/// </summary>
internal static class ErrorResponses
{
    public static void UseSafeErrors(this WebApplication app) =>
        app.UseWhen(context => !IsApi(context), pages => pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WritePageAsync }));

    /// <summary>
    /// Every answer under <c>/api</c> is problem details, never a redirect or a page: a failure is a plain 500 (the
    /// developer page would show the stack trace and echo the request's headers, the API key among them), an empty
    /// error status gets a body instead of the pages' not-found page, and what routing answers itself (no such path,
    /// a method or, for a preflight, CORS the API does not take, a media type it does not read) is answered here,
    /// before authorization: those answers carry no policy, so the sign-in fallback would redirect them. Goes after
    /// the status code pages, so that it answers first, and before access control.
    /// </summary>
    public static void UseApiProblemDetails(this WebApplication app) =>
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
            api.Use(AnswerUnroutedAsync);
        });

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static async Task AnswerUnroutedAsync(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is RouteEndpoint)
        {
            await next(context);
            return;
        }
        if (endpoint?.RequestDelegate is { } rejection)
            await rejection(context); // 405 with its Allow header, or 415
        else
            context.Response.StatusCode = StatusCodes.Status404NotFound;

        var answer = context.Response.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => Api.ApiMediaTypes.Unsupported(context.Request.ContentType),
            StatusCodes.Status405MethodNotAllowed => Results.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed",
                detail: "This path does not take that method; the Allow header lists those it takes. The API is for servers: it answers no CORS preflight."),
            StatusCodes.Status404NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "There is no such API path. The API is GET and POST /api/v1/activities, described at /openapi/v1.json."),
            var status => Results.Problem(statusCode: status),
        };
        await answer.ExecuteAsync(context);
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
