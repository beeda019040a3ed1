using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadActivity.Tests.Import.Sources;

/// <summary>
/// A small Leadsforce-style provider on a real port of 127.0.0.1: contacts behind an API key, as cursor pages, numbered
/// pages or a CSV export, plus the ways providers go wrong (a looping cursor, a malformed page, 429, 5xx).
/// </summary>
public sealed class FakeLeadProvider : IAsyncDisposable
{
    public const string Key = "fake-provider-key-123456";
    public const int PageSize = 100;

    private readonly WebApplication _app;
    private int _rateLimited;

    public List<Dictionary<string, object?>> Contacts { get; } = [];

    /// <summary>Every request's path and query, in order, with when it came.</summary>
    public ConcurrentQueue<(string Request, DateTime At)> Requests { get; } = new();

    /// <summary>How many requests to <c>/limited</c> get a 429 (Retry-After: 1) before the pages come.</summary>
    public int RateLimitFirst { get; set; } = 1;

    public Uri BaseAddress { get; }

    private FakeLeadProvider(WebApplication app, Uri baseAddress) => (_app, BaseAddress) = (app, baseAddress);

    public static async Task<FakeLeadProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeLeadProvider? provider = null;
        app.Use(async (context, next) =>
        {
            provider!.Requests.Enqueue((context.Request.Path + context.Request.QueryString, DateTime.UtcNow));
            if (context.Request.Headers["X-Api-Key"] != Key && context.Request.Headers.Authorization != $"Bearer {Key}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
        app.MapGet("/contacts", (string? cursor) => provider!.CursorPage(cursor));
        app.MapGet("/paged", (int page) => Results.Json(new { data = provider!.Contacts.Skip((page - 1) * PageSize).Take(PageSize) }));
        app.MapGet("/moved", (HttpContext context) => Results.Redirect("/contacts" + context.Request.QueryString));
        app.MapGet("/away", (HttpContext context) => Results.Redirect($"http://localhost:{context.Connection.LocalPort}/contacts"));
        app.MapGet("/stuck", (int page) => Results.Json(new { data = provider!.Contacts.Take(2) })); // ignores its page parameter
        app.MapGet("/loop", (string? cursor) => Results.Json(new { data = provider!.Contacts.Take(2), next_cursor = "same-cursor" }));
        app.MapGet("/malformed", (string? cursor) => cursor is null
            ? provider!.CursorPage(null)
            : Results.Text("{\"data\": [{\"phone\": \"+14155550100\"", "application/json"));
        app.MapGet("/limited", (HttpContext context, string? cursor) =>
        {
            if (Interlocked.Increment(ref provider!._rateLimited) <= provider.RateLimitFirst)
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }
            return provider.CursorPage(cursor);
        });
        app.MapGet("/down", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/slow", async (CancellationToken aborted) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), aborted);
            return Results.Json(new { data = Array.Empty<object>() });
        });
        app.MapGet("/export.csv", () => Results.Text(provider!.Csv(), "text/csv", Encoding.UTF8));
        // The export as spreadsheets and some providers write it: a byte-order mark, then the text in its encoding.
        app.MapGet("/bom/{encoding}.csv", (string encoding) =>
        {
            Encoding text = encoding switch
            {
                "utf-8" => new UTF8Encoding(true),
                "utf-16le" => new UnicodeEncoding(false, true),
                "utf-16be" => new UnicodeEncoding(true, true),
                _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
            };
            return Results.Bytes([.. text.GetPreamble(), .. text.GetBytes(provider!.Csv())], "text/csv");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new FakeLeadProvider(app, new Uri(address));
        return provider;
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    private IResult CursorPage(string? cursor)
    {
        var start = cursor is null ? 0 : int.Parse(cursor);
        var page = Contacts.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < Contacts.Count ? (start + PageSize).ToString() : null;
        return Results.Json(new { data = page, next_cursor = next });
    }

    private string Csv()
    {
        var keys = Contacts.SelectMany(c => c.Keys).Distinct().ToList();
        var csv = new StringBuilder(string.Join(",", keys)).Append('\n');
        foreach (var contact in Contacts)
            csv.Append(string.Join(",", keys.Select(k => $"\"{contact.GetValueOrDefault(k)}\""))).Append('\n');
        return csv.ToString();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
