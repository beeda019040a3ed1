using System.Diagnostics;
using System.Net;

namespace LeadActivity.App.Hosting;

/// <summary>
/// What a failing request answers: no exception message, stack trace, SQL or request header, only a reference to
/// quote (the trace id, which the log carries with the exception). The API answers problem details in every
/// environment (<see cref="UseApiProblemDetails"/>); everything else a plain page written here, because an error must
/// not depend on the rendering that may have failed (in Development pages, and only pages, keep the developer page).
/// </summary>
internal static class ErrorResponses
{
    public static void UseSafeErrors(this WebApplication app)
    {
        // In Development the developer page (added by the host before anything here) stays for pages only: a file,
        // a form post or an unknown path answers the plain page too, since the developer page's text answer to a
        // client that does not take HTML carries the stack trace and every request header (the cookies among them).
        var development = app.Environment.IsDevelopment();
        app.UseWhen(context => !IsApi(context) && !(development && IsPage(context)),
            pages => pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WritePageAsync }));
    }

    private static bool IsPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null;

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
        return WriteMessagePageAsync(context, StatusCodes.Status500InternalServerError, "Error", "Something went wrong",
            $"<p>The request could not be completed. Nothing it was doing was saved; try again in a moment.</p><p>If it keeps happening, quote this reference: <code>{reference}</code></p>",
            "/", "Back to the dashboard");
    }

    /// <summary>
    /// A plain page for answers the pipeline gives itself (an error, a refused sign-out, too many sign-ins): it needs
    /// no rendering, circuit or database. <paramref name="bodyHtml"/> must already be encoded.
    /// </summary>
    public static Task WriteMessagePageAsync(HttpContext context, int status, string title, string heading, string bodyHtml, string link, string linkText)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{title}} · LeadActivity</title>
            <style>body{font-family:Roboto,Helvetica,Arial,sans-serif;background:#f5f5f5;color:#272c34;display:flex;align-items:center;justify-content:center;min-height:100vh;margin:0}
            main{background:#fff;padding:32px;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);max-width:440px}h1{font-weight:400;margin-top:0}a{color:#3949ab}</style></head>
            <body><main>
            <h1>{{heading}}</h1>
            {{bodyHtml}}
            <p><a href="{{link}}">{{linkText}}</a></p>
            </main></body></html>
            """);
    }
}
