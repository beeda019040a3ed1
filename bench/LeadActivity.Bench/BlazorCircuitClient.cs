using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Bench;

/// <summary>
/// What a browser tab does for one Blazor Server page, without a browser, so one process can hold hundreds of live
/// dashboards: it reads the page's prerendered component markers, opens <c>/_blazor</c> with the signed-in cookie
/// (SignalR over WebSockets with Blazor's MessagePack protocol), starts a circuit and adds the markers as root
/// components (the .NET 8+ start), acknowledges every render batch, answers every JS interop call as if the browser
/// had run it (a new object reference when one is asked for, otherwise no value), and ends the circuit at once through
/// <c>_blazor/disconnect</c> as a closing tab does. Render batches are not applied to any DOM: callers look for text in
/// their bytes (<see cref="Contains"/>), which works because a batch carries every string it adds as UTF-8.
/// </summary>
public sealed partial class BlazorCircuitClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HubConnection _connection;
    private readonly TaskCompletionSource _rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(byte[] Text, TaskCompletionSource Seen)> _awaited = [];
    private long _nextJSObjectId;
    private int _batches;
    private long _batchBytes;
    private bool _disconnected;

    private BlazorCircuitClient(HttpClient http, HubConnection connection)
    {
        _http = http;
        _connection = connection;
    }

    /// <summary>The circuit's id as the server gave it (what <c>_blazor/disconnect</c> takes); empty before the start.</summary>
    public string CircuitId { get; private set; } = "";

    /// <summary>Render batches received (and acknowledged) so far.</summary>
    public int Batches => Volatile.Read(ref _batches);

    /// <summary>Bytes of render batches received so far.</summary>
    public long BatchBytes => Interlocked.Read(ref _batchBytes);

    /// <summary>Why the circuit stopped working, when it did: the server's <c>JS.Error</c> or the connection's end.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// Called with every render batch as it arrives, before it is acknowledged, on the connection's receive loop (keep
    /// it short: the server waits for the acknowledgement).
    /// </summary>
    public Action<BlazorCircuitClient, byte[]>? RenderBatchReceived { get; set; }

    /// <summary>
    /// Opens the page at <paramref name="path"/> (relative to the client's base address) as a browser would, and returns
    /// once its first interactive render arrived. <paramref name="http"/> must carry the cookies of
    /// <paramref name="cookies"/> (a sign-in) and have the app's base address.
    /// </summary>
    public static async Task<BlazorCircuitClient> OpenAsync(HttpClient http, CookieContainer cookies, string path = "",
        Action<BlazorCircuitClient, byte[]>? renderBatchReceived = null, CancellationToken cancellationToken = default)
    {
        var baseAddress = http.BaseAddress ?? throw new ArgumentException("The HttpClient needs the app's base address.", nameof(http));
        var pageAddress = new Uri(baseAddress, path);
        using var response = await http.GetAsync(pageAddress, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {pageAddress} answered {(int)response.StatusCode} {response.Headers.Location}: is the client signed in?");
        var page = PrerenderedPage.Read(await response.Content.ReadAsStringAsync(cancellationToken));

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "_blazor"), options =>
            {
                options.Cookies = cookies;
                options.Transports = HttpTransportType.WebSockets;
            })
            .AddBlazorPackProtocol()
            .Build();
        var client = new BlazorCircuitClient(http, connection) { RenderBatchReceived = renderBatchReceived };
        client.Listen();
        try
        {
            await connection.StartAsync(cancellationToken);
            var circuitId = await connection.InvokeAsync<string?>("StartCircuit", baseAddress.ToString(), pageAddress.ToString(), "[]",
                page.ApplicationState, cancellationToken);
            if (string.IsNullOrEmpty(circuitId))
                throw new InvalidOperationException($"The app refused to start a circuit for {pageAddress}: {client.Failure ?? "no reason given"}");
            client.CircuitId = circuitId;
            await connection.SendAsync("UpdateRootComponents", page.AddOperations(), page.ApplicationState, cancellationToken);
            await client._rendered.Task.WaitAsync(cancellationToken);
            return client;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when a render batch received from now on holds <paramref name="text"/>.</summary>
    public Task WaitForTextAsync(string text, CancellationToken cancellationToken = default)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaited)
            _awaited.Add((Encoding.UTF8.GetBytes(text), seen));
        return seen.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Whether a render batch holds <paramref name="utf8Text"/> among its strings.</summary>
    public static bool Contains(ReadOnlySpan<byte> batch, ReadOnlySpan<byte> utf8Text) => batch.IndexOf(utf8Text) >= 0;

    /// <summary>Ends the circuit on the server at once (as a closed tab's beacon does), then closes the connection.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (_disconnected)
            return;
        _disconnected = true;
        if (CircuitId.Length > 0)
        {
            using var form = new FormUrlEncodedContent([new("circuitId", CircuitId)]);
            using var _ = await _http.PostAsync("_blazor/disconnect", form, cancellationToken);
        }
        await _connection.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DisconnectAsync();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            // The app is gone already; the connection is closed below either way.
        }
        await _connection.DisposeAsync();
    }

    private void Listen()
    {
        _connection.On("JS.RenderBatch", [typeof(long), typeof(byte[])], (args, _) => OnRenderBatchAsync((long)args[0]!, (byte[])args[1]!), this);
        // asyncHandle, identifier, argsJson, resultType, targetInstanceId, callType (.NET 10 added the last).
        _connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(long), typeof(long), typeof(long)],
            (args, _) => OnBeginInvokeJSAsync((long)args[0]!, (long)args[3]!), this);
        // The answer to a .NET call this client never makes; and the end of the root component update. Nothing to do.
        _connection.On("JS.EndInvokeDotNet", [typeof(string), typeof(bool), typeof(string)], (_, _) => Task.CompletedTask, this);
        _connection.On("JS.EndUpdateRootComponents", [typeof(long)], (_, _) => Task.CompletedTask, this);
        // A root component's place in the page (componentId, selector): the page is not built here.
        _connection.On("JS.AttachComponent", [typeof(long), typeof(string)], (_, _) => Task.CompletedTask, this);
        _connection.On("JS.Error", [typeof(string)], (args, _) =>
        {
            Fail($"the app reported an error: {args[0]}");
            return Task.CompletedTask;
        }, this);
        _connection.Closed += error =>
        {
            if (!_disconnected)
                Fail($"the connection closed{(error is null ? "" : $": {error.Message}")}");
            return Task.CompletedTask;
        };
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] batch)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchBytes, batch.Length);
        RenderBatchReceived?.Invoke(this, batch);
        lock (_awaited)
        {
            for (var i = _awaited.Count - 1; i >= 0; i--)
            {
                if (Contains(batch, _awaited[i].Text))
                {
                    _awaited[i].Seen.TrySetResult();
                    _awaited.RemoveAt(i);
                }
            }
        }
        // As the browser does once it has applied the batch; the server holds back rendering when batches go unacknowledged.
        await _connection.SendAsync("OnRenderCompleted", batchId, null);
        _rendered.TrySetResult();
    }

    private Task OnBeginInvokeJSAsync(long asyncHandle, long resultType)
    {
        if (asyncHandle == 0)
            return Task.CompletedTask; // fire and forget: .NET expects no answer
        // JSCallResultType.JSObjectReference (1): .NET holds what the browser returned (a module, an observer) by id.
        var result = resultType == 1 ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextJSObjectId)}}}" : "null";
        return _connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,{result}]");
    }

    private void Fail(string reason)
    {
        Failure ??= reason;
        _rendered.TrySetException(new InvalidOperationException($"Circuit {CircuitId}: {reason}"));
        lock (_awaited)
        {
            foreach (var (_, seen) in _awaited)
                seen.TrySetException(new InvalidOperationException($"Circuit {CircuitId}: {reason}"));
            _awaited.Clear();
        }
    }

    /// <summary>The interactive components a prerendered page declares, and the state it hands to the circuit.</summary>
    private sealed partial record PrerenderedPage(IReadOnlyList<JsonObject> Markers, string ApplicationState)
    {
        public static PrerenderedPage Read(string html)
        {
            // <!--Blazor:{"type":"server","prerenderId":…,"key":…,"sequence":0,"descriptor":…}--> opens a component and
            // <!--Blazor:{"prerenderId":…}--> closes it; only the opening ones name a type.
            var markers = MarkerComment().Matches(html)
                .Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
                .Where(m => (string?)m["type"] == "server")
                .OrderBy(m => (int)m["sequence"]!)
                .ToList();
            if (markers.Count == 0)
                throw new InvalidOperationException("The page has no interactive server components to start a circuit for.");
            var state = StateComment().Match(html);
            return new PrerenderedPage(markers, state.Success ? state.Groups[1].Value : "");
        }

        /// <summary>The first root component update: every marker added, numbered in page order as blazor.web.js numbers them.</summary>
        public string AddOperations()
        {
            var operations = new JsonArray();
            for (var i = 0; i < Markers.Count; i++)
            {
                var marker = Markers[i].DeepClone().AsObject();
                marker["uniqueId"] = i;
                operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
            }
            return new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
        }

        [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
        private static partial Regex MarkerComment();

        [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
        private static partial Regex StateComment();
    }
}

/// <summary>SignalR's MessagePack hub protocol under the name Blazor Server's hub accepts.</summary>
internal static class BlazorPackProtocolRegistration
{
    public static IHubConnectionBuilder AddBlazorPackProtocol(this IHubConnectionBuilder builder)
    {
        // Registered last, so the connection takes it over the JSON protocol the builder registers itself.
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol(new MessagePackHubProtocol()));
        return builder;
    }

    private sealed class BlazorPackProtocol(MessagePackHubProtocol messagePack) : IHubProtocol
    {
        public string Name => "blazorpack";
        public int Version => messagePack.Version;
        public TransferFormat TransferFormat => messagePack.TransferFormat;
        public bool IsVersionSupported(int version) => messagePack.IsVersionSupported(version);

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            messagePack.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => messagePack.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => messagePack.GetMessageBytes(message);
    }
}
