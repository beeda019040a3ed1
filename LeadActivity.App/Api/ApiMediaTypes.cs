using Microsoft.Net.Http.Headers;

namespace LeadActivity.App.Api;

/// <summary>
/// The bodies the API reads: JSON in UTF-8, sent as <c>application/json</c> or any <c>application/…+json</c> type,
/// with no charset or <c>charset=utf-8</c>. Anything else is answered 415 before the body is read.
/// </summary>
internal static class ApiMediaTypes
{
    public const string Json = "application/json";

    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type))
            return false;
        var media = type.MediaType;
        if (!media.Equals(Json, StringComparison.OrdinalIgnoreCase)
            && !(media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            return false;
        // JSON is UTF-8 (RFC 8259); the body is parsed as such, so another charset would be misread, not converted.
        var charset = HeaderUtilities.RemoveQuotes(type.Charset);
        return charset.Length == 0 || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The 415 answer; it does not repeat the request's header back.</summary>
    public static IResult Unsupported(string? contentType) => Results.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
        detail: string.IsNullOrEmpty(contentType)
            ? "The request has no Content-Type: send the body as JSON with Content-Type: application/json."
            : "The body must be JSON in UTF-8, sent with Content-Type: application/json (a charset, if given, must be utf-8; application/…+json types are read as JSON too).");
}
