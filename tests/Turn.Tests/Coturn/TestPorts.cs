using System.Net;
using System.Net.Sockets;

namespace RedConnect.Turn.Tests.Coturn;

/// <summary>Loopback ports that are free for both UDP and TCP at the moment of asking.</summary>
public static class TestPorts
{
    private static int _next = 20000 + (Environment.ProcessId % 200) * 100;

    /// <summary>A port free for UDP and TCP on 127.0.0.1, plus <paramref name="extra"/> consecutive free ones.</summary>
    public static int GetFree(int extra = 0)
    {
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            var port = Interlocked.Add(ref _next, extra + 1) - extra - 1;
            if (port + extra > 60000)
            {
                Interlocked.Exchange(ref _next, 20000);
                continue;
            }

            if (Enumerable.Range(port, extra + 1).All(IsFree))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free loopback port found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
