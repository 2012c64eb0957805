using System.Net;
using System.Net.Sockets;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Interop;

namespace RedConnect.Turn.Transport;

/// <summary>
/// One relayed transport address (RFC 8656 §2): a UDP socket bound to a relay IP and a port from the
/// configured range, owned by one <see cref="Allocation"/>. The client → peer direction sends on it from
/// listener threads; the peer → client direction is received by the <see cref="RelayPoller"/> it is
/// registered with. The socket handle is reference counted (SafeHandle), so closing it while a listener
/// thread sends can never make that send hit a reused descriptor.
/// </summary>
internal sealed class RelaySocket : IDisposable
{
    private static long _nextId;
    private readonly Socket _socket;
    private int _disposed;

    public RelaySocket(Socket socket, StunAddress announced)
    {
        _socket = socket;
        Id = Interlocked.Increment(ref _nextId);
        LocalAddress = StunAddress.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
        Announced = announced;
    }

    /// <summary>Never reused, so a late epoll event for a closed socket cannot reach a new one.</summary>
    public long Id { get; }

    /// <summary>The address the socket is bound to.</summary>
    public StunAddress LocalAddress { get; }

    /// <summary>The address reported in XOR-RELAYED-ADDRESS (external-ip mapping applied).</summary>
    public StunAddress Announced { get; }

    public StunAddressFamily Family => LocalAddress.Family;

    public SafeSocketHandle Handle => _socket.SafeHandle;

    /// <summary>Set once when the allocation is built, before the socket is registered for receiving.</summary>
    public Allocation? Owner { get; set; }

    public RelayPoller? Poller { get; set; }

    /// <summary>Sends one datagram to a peer. Errors (ICMP unreachable, closed socket) drop it, as UDP would.</summary>
    public unsafe bool TrySend(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> sockaddr, int sockaddrLength)
    {
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            fixed (byte* data = payload)
            fixed (byte* name = sockaddr)
            {
                return LinuxSockets.SendTo(fd, data, (nuint)payload.Length, LinuxSockets.MsgDontWait, name, (uint)sockaddrLength) >= 0;
            }
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Sends <paramref name="count"/> prepared datagrams to peers with <c>sendmmsg</c>. A full socket
    /// buffer or an error drops the rest, as UDP would; never blocks.</summary>
    public unsafe void TrySendBatch(LinuxSockets.MMsgHdr* messages, int count)
    {
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var sent = 0;
            while (sent < count)
            {
                var n = LinuxSockets.SendMMsg(fd, messages + sent, (uint)(count - sent), LinuxSockets.MsgDontWait);
                if (n <= 0)
                {
                    // An ICMP error reported on the socket fails the first datagram only: skip it, send the rest.
                    if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is not (LinuxSockets.Eagain or LinuxSockets.Eintr))
                    {
                        sent++;
                        continue;
                    }

                    break;
                }

                sent += n;
            }
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Poller?.Unregister(this);
            _socket.Dispose();
        }
    }
}
