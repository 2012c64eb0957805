using System.Net;
using System.Net.Sockets;

namespace RedConnect.Turn.Transport;

/// <summary>
/// Binds relay sockets in [MinPort, MaxPort] (RFC 8656 §7.2: the server SHOULD pick the port at random
/// from its range). A random starting point, then a walk over the whole range, so a free port is found
/// whenever one exists and exhaustion (→ 508 Insufficient Capacity) is certain when none does.
/// </summary>
internal sealed class RelaySocketFactory(int minPort, int maxPort)
{
    /// <summary>Binds a UDP socket on <paramref name="address"/>; <paramref name="evenPort"/> asks for an even port
    /// (EVEN-PORT, RFC 8656 §7.2). Returns null when the range is exhausted.</summary>
    public Socket? TryBind(IPAddress address, bool evenPort, int? exactPort = null)
    {
        if (exactPort is { } exact)
        {
            return TryBindOne(address, exact);
        }

        var count = maxPort - minPort + 1;
        var start = Random.Shared.Next(count);
        for (var i = 0; i < count; i++)
        {
            var port = minPort + (start + i) % count;
            if (evenPort && (port & 1) != 0)
            {
                continue;
            }

            var socket = TryBindOne(address, port);
            if (socket is not null)
            {
                return socket;
            }
        }

        return null;
    }

    private static Socket? TryBindOne(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(new IPEndPoint(address, port));
            // Room for bursts from peers while the poller is busy elsewhere.
            socket.ReceiveBufferSize = 1 << 20;
            socket.SendBufferSize = 1 << 20;
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
