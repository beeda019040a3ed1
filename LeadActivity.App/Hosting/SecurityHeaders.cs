namespace LeadActivity.App.Hosting;

/// <summary>
/// Headers every response carries. The content security policy allows what Blazor Server and MudBlazor need — the
/// app's own scripts, inline styles (MudBlazor's theme and style attributes), the circuit's WebSocket — and recordings
/// from the agent's HTTPS storage; nothing may frame the app.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; media-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app) => app.Use((context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // Lead data must not outlive sign-out in the browser's cache or its back button; static files set their own.
            if (!headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
