using System.Net;
using System.Net.Sockets;

namespace LeadActivity.Domain.Import.Sources;

/// <summary>
/// Connects to a lead provider only at a public address. A source's address is typed by a person: without this check
/// the server would fetch from its own loopback, its private network or a cloud metadata endpoint and show the result.
/// The check is made when a source is saved (so a person hears of it there, as a policy, not as a failing network) and
/// again on the resolved address at connect time, so redirects and DNS answers that change later meet it too.
/// </summary>
public static class ProviderAddress
{
    public const string PrivateNetworkRefusal = "LeadActivity does not connect to private network addresses";

    /// <summary>
    /// Whether <paramref name="uri"/>'s host is a loopback, private or link-local address, or a name that resolves
    /// only to such addresses. A name that does not resolve (yet) is not refused here: Test and Pull say it cannot be
    /// reached, and connect time checks it again.
    /// </summary>
    public static async Task<bool> IsPrivateAsync(Uri uri, CancellationToken cancellationToken = default)
    {
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal))
            return !IsPublic(literal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            return addresses.Length > 0 && !addresses.Any(IsPublic);
        }
        catch (Exception e) when (e is SocketException or ArgumentException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    internal static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new PrivateNetworkRefusedException(context.DnsEndPoint.Host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Loopback, private, carrier-grade NAT, link-local (cloud metadata lives there), multicast and reserved ranges.
    private static readonly IPNetwork[] NotPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return !NotPublic.Any(network => network.Contains(address));
    }
}

/// <summary>A connection refused by policy, not by the network: another attempt would be refused too.</summary>
internal sealed class PrivateNetworkRefusedException(string host)
    : HttpRequestException($"{host} is not a public internet address: {ProviderAddress.PrivateNetworkRefusal}")
{
    public string Host { get; } = host;
}
