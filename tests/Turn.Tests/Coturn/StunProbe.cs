using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace RedConnect.Turn.Tests.Coturn;

/// <summary>
/// Waits until a STUN server answers a Binding request over UDP (RFC 8489 §6: 20-byte header, magic
/// cookie 0x2112A442). Hand-built on purpose: the harness must not depend on the codec under test.
/// </summary>
public static class StunProbe
{
    public static async Task<bool> WaitUntilAnsweringAsync(IPEndPoint server, TimeSpan timeout)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        var request = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(request, 0x0001); // Binding request
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), 0x2112A442);
        RandomNumberGenerator.Fill(request.AsSpan(8, 12));
        var buffer = new byte[1500];
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await socket.SendToAsync(request, server);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, server, wait.Token);
                if (received.ReceivedBytes >= 20 &&
                    BinaryPrimitives.ReadUInt16BigEndian(buffer) == 0x0101 &&
                    buffer.AsSpan(8, 12).SequenceEqual(request.AsSpan(8, 12)))
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                // ICMP port unreachable before the server binds
                await Task.Delay(100);
            }
        }

        return false;
    }

    /// <summary>Waits until a UDP echo server (turnutils_peer) echoes a datagram back.</summary>
    public static async Task<bool> WaitUntilEchoingAsync(IPEndPoint peer, TimeSpan timeout)
    {
        using var socket = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var probe = "rc-turn-harness-probe"u8.ToArray();
        var buffer = new byte[1500];
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await socket.SendToAsync(probe, peer);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, peer, wait.Token);
                if (buffer.AsSpan(0, received.ReceivedBytes).SequenceEqual(probe))
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
