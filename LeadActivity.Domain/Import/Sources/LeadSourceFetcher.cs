using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace LeadActivity.Domain.Import.Sources;

/// <summary>A pull the provider made impossible; the message says what happened, in the user's words.</summary>
public sealed class LeadSourceException(string message) : Exception(message);

/// <summary>How long and how often a fetch waits and retries; tests shorten the waits.</summary>
public sealed record LeadSourceFetchOptions
{
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per page for timeouts, network errors, 429 and 5xx (then the pull ends with the last error).</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>The first wait after a timeout or 5xx; it doubles each time.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After a 429 may ask for before the pull gives up and says when to try again.</summary>
    public TimeSpan LongestRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a CSV download may take, body included.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public int MaxPages { get; init; } = 100_000;
    public int MaxRows { get; init; } = 2_000_000;

    /// <summary>The largest JSON page (it is parsed whole) and the largest CSV download.</summary>
    public long MaxPageBytes { get; init; } = 32L * 1024 * 1024;
    public long MaxDownloadBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Whether a source may point at loopback, private or link-local addresses. Off: a source is an outside provider,
    /// and the server must not be turned into a way to reach its own network (tests, with their provider on 127.0.0.1,
    /// and on-premises providers turn it on).
    /// </summary>
    public bool AllowPrivateNetworks { get; init; }
}

/// <summary>What a fetch brought: the rows as a CSV upload the import pipeline reads like any file.</summary>
public sealed record FetchedLeads(ImportUpload Upload, int Pages, int Rows, IReadOnlyList<string> ProviderKeys);

/// <summary>
/// Fetches a source's contacts over HTTP — JSON pages (page or cursor paging) or a CSV download — and writes them to
/// one CSV file under the import uploads, with the source's mapping applied to the headers. Everything is fetched before
/// anything is imported, so a provider failing half-way leaves nothing half-applied. Failures a provider causes become
/// a <see cref="LeadSourceException"/>: 401/403 and malformed pages at once, timeouts, 429 (honouring Retry-After) and
/// 5xx after bounded retries with backoff, and a cursor seen before (a loop).
/// </summary>
public sealed class LeadSourceFetcher(HttpClient http, ImportStorage storage, LeadSourceFetchOptions options, TimeProvider clock)
{
    private static readonly string[] ItemProperties = ["data", "items", "results", "contacts", "leads", "records"];

    /// <param name="secret">The decrypted credential, or null.</param>
    /// <param name="firstPageOnly">For "test connection": one page (a CSV download is read whole).</param>
    public async Task<FetchedLeads> FetchAsync(LeadSource source, string? secret, bool firstPageOnly, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new LeadSourceException($"“{source.Url}” is not an http or https address.");
        return source.Format == LeadSourceFormat.Csv
            ? await FetchCsvAsync(source, secret, baseUri, cancellationToken)
            : await FetchJsonAsync(source, secret, baseUri, firstPageOnly, cancellationToken);
    }

    private async Task<FetchedLeads> FetchJsonAsync(LeadSource source, string? secret, Uri baseUri, bool firstPageOnly, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var lines = storage.NewUploadPath(".jsonl");
        try
        {
            int pages = 0, rows = 0;
            await using (var writer = new StreamWriter(lines, false, new UTF8Encoding(false)))
            {
                string? cursor = null;
                string? previousPage = null;
                var seenCursors = new HashSet<string>(StringComparer.Ordinal);
                for (var page = 1; ; page++)
                {
                    if (page > options.MaxPages)
                        throw new LeadSourceException($"The provider kept sending pages past {options.MaxPages:N0}: stopped, nothing was imported.");
                    var uri = PageUri(source, baseUri, page, cursor);
                    var label = source.Paging == LeadSourcePaging.Cursor && cursor is not null ? $"page {page} (cursor “{cursor}”)" : $"page {page}";
                    using var document = await GetJsonAsync(source, secret, uri, label, cancellationToken);
                    var items = Items(source, document.RootElement, label);
                    pages++;
                    // A provider that ignores the page parameter sends the same page for ever (cursors are checked below).
                    var pageText = source.Paging == LeadSourcePaging.Page && items.GetArrayLength() > 0 ? items.GetRawText() : null;
                    if (pageText is not null && pageText == previousPage)
                        throw new LeadSourceException($"The provider sent the same contacts again as {label}: it would loop forever, so the pull stopped and nothing was imported.");
                    previousPage = pageText;
                    var count = 0;
                    foreach (var item in items.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object)
                            throw new LeadSourceException($"The provider's {label} holds something other than contact objects (item {count + 1} is {item.ValueKind.ToString().ToLowerInvariant()}).");
                        var values = new Dictionary<string, string>(StringComparer.Ordinal);
                        Flatten(item, "", values);
                        foreach (var key in values.Keys)
                        {
                            if (known.Add(key))
                                keys.Add(key);
                        }
                        await writer.WriteLineAsync(JsonSerializer.Serialize(values));
                        count++;
                        if (++rows > options.MaxRows)
                            throw new LeadSourceException($"The provider sent more than {options.MaxRows:N0} contacts: narrow the filter and pull again.");
                    }
                    if (firstPageOnly || source.Paging == LeadSourcePaging.None)
                        break;
                    if (source.Paging == LeadSourcePaging.Page)
                    {
                        if (count == 0)
                            break;
                        continue;
                    }
                    cursor = NextCursor(source, document.RootElement);
                    if (cursor is null)
                        break;
                    if (!seenCursors.Add(cursor))
                        throw new LeadSourceException($"The provider sent the cursor “{cursor}” again after {label}: it would loop forever, so the pull stopped and nothing was imported.");
                }
            }
            return new FetchedLeads(await WriteCsvAsync(source, lines, keys, cancellationToken), pages, rows, keys);
        }
        finally
        {
            File.Delete(lines);
        }
    }

    private async Task<FetchedLeads> FetchCsvAsync(LeadSource source, string? secret, Uri baseUri, CancellationToken cancellationToken)
    {
        var downloaded = storage.NewUploadPath(".csv");
        var renamed = storage.NewUploadPath(".csv");
        try
        {
            using (var timeout = Timeout(cancellationToken, options.DownloadTimeout))
            {
                try
                {
                    using var response = await SendAsync(source, secret, PageUri(source, baseUri, 1, null), "download", timeout.Token);
                    await using var body = Limited(await response.Content.ReadAsStreamAsync(timeout.Token), options.MaxDownloadBytes, "The provider's download");
                    await using var file = File.Create(downloaded);
                    await body.CopyToAsync(file, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new LeadSourceException($"The provider's download took longer than {options.DownloadTimeout.TotalMinutes:0.#} minutes: the pull stopped and nothing was imported.");
                }
            }

            // The provider's own headers, renamed by the mapping; the file's encoding and delimiter are detected as for an upload.
            CsvFileFormat format;
            try
            {
                format = await CsvFileFormat.DetectAsync(downloaded, cancellationToken);
            }
            catch (ImportFileException e)
            {
                throw new LeadSourceException($"The provider's download cannot be read as CSV: {e.Message}");
            }
            int rows = 0;
            string[] keys;
            using (var reader = format.OpenText(downloaded))
            using (var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = format.Delimiter.ToString(), BadDataFound = null, MissingFieldFound = null }))
            await using (var output = new StreamWriter(renamed, false, new UTF8Encoding(false)))
            await using (var writer = new CsvWriter(output, CultureInfo.InvariantCulture))
            {
                if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
                    throw new LeadSourceException("The provider's CSV download is empty.");
                keys = header;
                var kept = Columns(source, keys);
                foreach (var (_, column) in kept)
                    writer.WriteField(column);
                await writer.NextRecordAsync();
                while (await csv.ReadAsync())
                {
                    foreach (var (index, _) in kept)
                        writer.WriteField(csv.TryGetField<string>(index, out var value) ? value : "");
                    await writer.NextRecordAsync();
                    if (++rows > options.MaxRows)
                        throw new LeadSourceException($"The provider sent more than {options.MaxRows:N0} contacts: narrow the filter and pull again.");
                }
            }
            return new FetchedLeads(new ImportUpload(renamed, FileName(source), new FileInfo(renamed).Length), 1, rows, keys);
        }
        catch
        {
            File.Delete(renamed);
            throw;
        }
        finally
        {
            File.Delete(downloaded);
        }
    }

    /// <summary>Writes the fetched rows as CSV: one column per provider key the mapping keeps, named as it maps.</summary>
    private async Task<ImportUpload> WriteCsvAsync(LeadSource source, string lines, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var path = storage.NewUploadPath(".csv");
        var kept = Columns(source, keys);
        try
        {
            await using var output = new StreamWriter(path, false, new UTF8Encoding(false));
            await using var writer = new CsvWriter(output, CultureInfo.InvariantCulture);
            foreach (var (_, column) in kept)
                writer.WriteField(column);
            await writer.NextRecordAsync();
            using var input = new StreamReader(lines);
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                var values = JsonSerializer.Deserialize<Dictionary<string, string>>(line)!;
                foreach (var (index, _) in kept)
                    writer.WriteField(values.GetValueOrDefault(keys[index], ""));
                await writer.NextRecordAsync();
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return new ImportUpload(path, FileName(source), new FileInfo(path).Length);
    }

    /// <summary>
    /// The provider keys that become columns (by index), each with its column name after the mapping. A key mapped
    /// to a column wins over an unmapped key that would match the same column (<c>mobile → phone</c> while the provider
    /// also sends a <c>phone</c>): the person chose it.
    /// </summary>
    private static List<(int Index, string Column)> Columns(LeadSource source, IReadOnlyList<string> keys)
    {
        var chosen = source.Mapping.Values.Where(column => column.Length > 0).Select(ImportColumns.Normalize).ToHashSet();
        var columns = new List<(int, string)>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!source.Mapping.TryGetValue(keys[i], out var column))
            {
                if (!chosen.Contains(ImportColumns.Normalize(keys[i])))
                    columns.Add((i, keys[i]));
            }
            else if (column.Length > 0)
                columns.Add((i, column));
        }
        return columns;
    }

    private async Task<JsonDocument> GetJsonAsync(LeadSource source, string? secret, Uri uri, string label, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(source, secret, uri, label, cancellationToken);
        // The body has its own deadline: headers in time and then a body that never ends must not hang the pull.
        using var timeout = Timeout(cancellationToken, options.RequestTimeout);
        try
        {
            await using var body = Limited(await response.Content.ReadAsStreamAsync(timeout.Token), options.MaxPageBytes, $"The provider's {label}");
            return await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
        }
        catch (JsonException e)
        {
            throw new LeadSourceException($"The provider's {label} is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')}): the pull stopped and nothing was imported.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LeadSourceException($"The provider did not finish sending {label} within {options.RequestTimeout.TotalSeconds:0.#} s: the pull stopped and nothing was imported.");
        }
    }

    private static CancellationTokenSource Timeout(CancellationToken cancellationToken, TimeSpan after)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(after);
        return timeout;
    }

    private static Stream Limited(Stream body, long maxBytes, string what) => new LimitedReadStream(body, maxBytes, what);

    /// <summary>One request with the source's credential, retried where that can help.</summary>
    private async Task<HttpResponseMessage> SendAsync(LeadSource source, string? secret, Uri uri, string label, CancellationToken cancellationToken)
    {
        var backoff = options.Backoff;
        var redirects = 0;
        for (var attempt = 1; ; attempt++)
        {
            var (response, failure, wait) = await TrySendAsync(source, secret, uri, label, backoff, cancellationToken);
            if (response is { StatusCode: >= HttpStatusCode.MovedPermanently and <= HttpStatusCode.PermanentRedirect } redirect)
            {
                // Followed by hand, and only on the same origin: the credential must never travel to another host.
                using (redirect)
                {
                    var target = redirect.Headers.Location is { } location ? new Uri(uri, location) : null;
                    if (target is null || ++redirects > 5 || Uri.Compare(target, uri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
                        throw new LeadSourceException($"The provider redirected {label} to {target?.GetLeftPart(UriPartial.Authority) ?? "nowhere"}: enter that address in the source if you trust it (the key is only sent to the source's own host).");
                    uri = target;
                    attempt--;
                    continue;
                }
            }
            if (response is not null)
                return response;
            if (attempt >= options.Attempts)
                throw new LeadSourceException($"{failure} ({attempt} attempts): the pull stopped and nothing was imported.");
            await Task.Delay(wait, clock, cancellationToken);
            backoff *= 2;
        }
    }

    /// <summary>
    /// The response when it succeeded; otherwise why and how long to wait before trying again. Failures that another
    /// try cannot mend (credentials, a wrong address, a wait longer than we allow) throw at once.
    /// </summary>
    private async Task<(HttpResponseMessage? Response, string Failure, TimeSpan Wait)> TrySendAsync(
        LeadSource source, string? secret, Uri uri, string label, TimeSpan backoff, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(source.Format == LeadSourceFormat.Csv ? "text/csv" : "application/json"));
        if (source.Auth == LeadSourceAuth.Bearer && secret is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        else if (source.Auth == LeadSourceAuth.ApiKeyHeader && secret is not null)
            request.Headers.TryAddWithoutValidation(source.AuthHeaderName is { Length: > 0 } header ? header : "X-Api-Key", secret);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"The provider did not answer {label} within {options.RequestTimeout.TotalSeconds:0.#} s", backoff);
        }
        catch (HttpRequestException e) when (Refused(e) is { } refused)
        {
            throw new LeadSourceException($"{ProviderAddress.PrivateNetworkRefusal} ({refused.Host} is one now): the source was not reached and nothing was imported. " +
                "Point the source at the provider's internet address.");
        }
        catch (HttpRequestException e)
        {
            return (null, $"The provider could not be reached for {label} ({e.Message.TrimEnd('.')})", backoff);
        }

        if (response.IsSuccessStatusCode || (int)response.StatusCode is >= 301 and <= 308)
            return (response, "", TimeSpan.Zero);
        using (response)
        {
            var reason = $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new LeadSourceException($"The provider refused the credentials ({reason}): check the source's API key or token.");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter(response) ?? backoff;
                if (wait > options.LongestRetryAfter)
                    throw new LeadSourceException($"The provider is rate-limiting requests and asked to wait {wait.TotalSeconds:N0} s: pull again later. Nothing was imported.");
                return (null, $"The provider kept answering {label} with 429 Too Many Requests", wait);
            }
            if ((int)response.StatusCode >= 500)
                return (null, $"The provider answered {label} with {reason}", backoff);
            throw new LeadSourceException($"The provider answered {label} with {reason}: check the source's address and filter.");
        }
    }

    // SocketsHttpHandler wraps what the connect callback throws.
    private static PrivateNetworkRefusedException? Refused(Exception? e) =>
        e switch { null => null, PrivateNetworkRefusedException refused => refused, _ => Refused(e.InnerException) };

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
            return null;
        if (retryAfter.Delta is { } delta)
            return delta;
        return retryAfter.Date is { } date ? date - clock.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero : null;
    }

    private static Uri PageUri(LeadSource source, Uri baseUri, int page, string? cursor)
    {
        var query = new StringBuilder(baseUri.Query.TrimStart('?'));
        void Add(string pair)
        {
            if (pair.Length == 0)
                return;
            if (query.Length > 0)
                query.Append('&');
            query.Append(pair);
        }
        Add(source.FilterQuery?.Trim().TrimStart('?') ?? "");
        if (source.Format == LeadSourceFormat.Json && source.Paging == LeadSourcePaging.Page)
            Add($"{Uri.EscapeDataString(source.PageParameter)}={page}");
        if (source.Format == LeadSourceFormat.Json && source.Paging == LeadSourcePaging.Cursor && cursor is not null)
            Add($"{Uri.EscapeDataString(source.CursorParameter)}={Uri.EscapeDataString(cursor)}");
        return new UriBuilder(baseUri) { Query = query.ToString() }.Uri;
    }

    private static JsonElement Items(LeadSource source, JsonElement root, string label)
    {
        if (root.ValueKind == JsonValueKind.Array)
            return root;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (source.ItemsProperty is { Length: > 0 } named)
            {
                if (root.TryGetProperty(named, out var items) && items.ValueKind == JsonValueKind.Array)
                    return items;
                throw new LeadSourceException($"The provider's {label} has no list of contacts under “{named}”.");
            }
            foreach (var name in ItemProperties)
            {
                if (root.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array)
                    return items;
            }
        }
        throw new LeadSourceException($"The provider's {label} has no list of contacts (looked for an array at the root or under {string.Join(", ", ItemProperties)}).");
    }

    private static string? NextCursor(LeadSource source, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(source.NextCursorProperty, out var next))
            return null;
        return next.ValueKind switch
        {
            JsonValueKind.String => next.GetString() is { Length: > 0 } text ? text : null,
            JsonValueKind.Number => next.GetRawText(),
            _ => null,
        };
    }

    /// <summary>A contact's values as text: nested objects become dotted keys (<c>address.city</c>), lists are joined.</summary>
    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> values)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(value, key + ".", values);
                    break;
                case JsonValueKind.Array:
                    values[key] = value.EnumerateArray().All(v => v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                        ? string.Join("; ", value.EnumerateArray().Select(Text))
                        : value.GetRawText();
                    break;
                default:
                    values[key] = Text(value);
                    break;
            }
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private string FileName(LeadSource source) =>
        $"{source.Name} pull {clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}.csv";
}

/// <summary>Reads through to a stream and stops with a clear message past a number of bytes.</summary>
internal sealed class LimitedReadStream(Stream inner, long maxBytes, string what) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > maxBytes)
            throw new LeadSourceException($"{what} is larger than {maxBytes / 1048576:N0} MB: the pull stopped and nothing was imported.");
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
