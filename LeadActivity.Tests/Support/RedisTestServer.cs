using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LeadActivity.Tests.Support;

/// <summary>
/// A Redis server of the test's own on a free port of 127.0.0.1 (no persistence), which the test can stop and start
/// again on the same port, as an operator restarting Redis would. Needs the <c>redis-server</c> that
/// <c>.ci/services</c> installs; skipped like every Redis test where there is none (outside CI).
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    private Process? _process;

    private RedisTestServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The <c>Events:Redis</c> setting that points a node at this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisTestServer> StartAsync()
    {
        TestServers.RequireRedis();
        var server = new RedisTestServer(FreePort());
        await server.StartAsync(server.Port);
        return server;
    }

    /// <summary>Starts the server (again) on its port.</summary>
    public Task RestartAsync() => StartAsync(Port);

    /// <summary>Kills the server, as a crash would: connected clients see their connection drop.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
            return;
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    private async Task StartAsync(int port)
    {
        _process = Process.Start(new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", port.ToString(), "--save", "", "--appendonly", "no", "--protected-mode", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (!await AnswersAsync(port))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                throw new InvalidOperationException($"redis-server did not answer on port {port}");
            await Task.Delay(50);
        }
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
