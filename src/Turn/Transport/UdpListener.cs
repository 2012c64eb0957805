using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RedConnect.Stun;
using RedConnect.Turn.Interop;
using RedConnect.Turn.Protocol;

namespace RedConnect.Turn.Transport;

/// <summary>
/// A UDP server transport address served by several sockets bound with SO_REUSEPORT (one per core), each
/// read by its own thread with batched <c>recvmmsg</c>: the kernel spreads clients over the sockets by
/// 4-tuple hash, so one read loop never caps the server at one CPU. Requests are answered from the
/// socket that received them; relayed data to clients leaves from <see cref="SendHandle"/> (any socket of
/// the group has the same local address).
/// </summary>
internal sealed class UdpListener : IDisposable
{
    private const int BatchSize = 32;
    private const int SlotSize = 4096;
    private const int MsgTrunc = 0x20;

    private readonly ListenerEndpoint _endpoint;
    private readonly TurnRequestHandler _handler;
    private readonly ILogger _log;
    private readonly List<Socket> _sockets = [];
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;

    public UdpListener(ListenerEndpoint endpoint, TurnRequestHandler handler, ILogger log)
    {
        _endpoint = endpoint;
        _handler = handler;
        _log = log;
        endpoint.Udp = this;
    }

    /// <summary>The socket relayed data and partner-port responses are sent from.</summary>
    public SafeSocketHandle SendHandle => _sockets[0].SafeHandle;

    /// <summary>Binds <paramref name="socketCount"/> sockets on the endpoint and starts their read loops.</summary>
    public void Start(int socketCount)
    {
        for (var i = 0; i < socketCount; i++)
        {
            var socket = new Socket(_endpoint.Bound.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                if (_endpoint.Bound.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = false;
                }

                socket.SetRawSocketOption(LinuxSockets.SolSocket, LinuxSockets.SoReusePort, BitConverter.GetBytes(1));
                socket.ReceiveBufferSize = 4 << 20;
                socket.SendBufferSize = 4 << 20;
                // Blocking reads wake up at least this often to notice a stop.
                socket.ReceiveTimeout = 250;
                socket.Bind(_endpoint.Bound);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _sockets.Add(socket);
        }

        foreach (var socket in _sockets)
        {
            var thread = new Thread(() => ReceiveLoop(socket))
            {
                IsBackground = true,
                Name = $"turn-udp-{_endpoint.Bound.Port}",
            };
            _threads.Add(thread);
            thread.Start();
        }
    }

    /// <summary>Sends one datagram from the group's send socket (partner-port responses). Errors drop it.</summary>
    public unsafe void SendTo(ReadOnlySpan<byte> data, ReadOnlySpan<byte> sockaddr)
    {
        var handle = SendHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* p = data)
            fixed (byte* name = sockaddr)
            {
                LinuxSockets.SendTo((int)handle.DangerousGetHandle(), p, (nuint)data.Length, LinuxSockets.MsgDontWait, name, (uint)sockaddr.Length);
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

    private unsafe void ReceiveLoop(Socket socket)
    {
        var handle = socket.SafeHandle;
        var added = false;
        handle.DangerousAddRef(ref added);
        using var batch = new DatagramBatch(BatchSize, SlotSize);
        using var relaySends = new RelaySendBatch(BatchSize);
        var response = new byte[TurnRequestHandler.MaxResponseLength];
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            while (!_stopping)
            {
                batch.PrepareReceive(BatchSize);
                var received = LinuxSockets.RecvMMsg(fd, batch.Messages, BatchSize, LinuxSockets.MsgWaitForOne, null);
                if (received <= 0)
                {
                    continue; // timeout (EAGAIN), EINTR, or an ICMP error reported on the socket
                }

                for (var i = 0; i < received; i++)
                {
                    ref var message = ref batch.Messages[i];
                    if ((message.Header.Flags & MsgTrunc) != 0)
                    {
                        continue; // larger than any STUN or ChannelData message we relay: drop
                    }

                    var datagram = new ReadOnlySpan<byte>(batch.Slot(i) + DatagramBatch.Headroom, (int)message.Length);
                    var name = new ReadOnlySpan<byte>(batch.Name(i), (int)message.Header.NameLength);
                    try
                    {
                        Process(fd, datagram, name, response, relaySends);
                    }
                    catch (Exception ex)
                    {
                        // A bug, not a packet: hostile input is handled without exceptions. Keep serving.
                        _log.LogError(ex, "Datagram on {Endpoint} failed", _endpoint.Bound);
                    }
                }

                // Client → peer data of the whole batch: one sendmmsg per relay socket (the payloads still
                // sit in the receive slots, which the next recvmmsg reuses only after this).
                FlushRelaySends(relaySends);
            }
        }
        catch (Exception ex)
        {
            _log.LogCritical(ex, "UDP read loop on {Endpoint} failed", _endpoint.Bound);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void FlushRelaySends(RelaySendBatch relaySends)
    {
        try
        {
            relaySends.Flush();
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Relaying a batch on {Endpoint} failed", _endpoint.Bound);
        }
    }

    private unsafe void Process(int fd, ReadOnlySpan<byte> datagram, scoped ReadOnlySpan<byte> name, byte[] response, RelaySendBatch relaySends)
    {
        if (datagram.Length < ChannelDataMessage.HeaderLength || !SockAddr.TryRead(name, out var client))
        {
            return;
        }

        var origin = new ClientOrigin(_endpoint, client, name, null);
        if (ChannelDataMessage.LooksLikeChannelData(datagram[0]))
        {
            // Queued, not sent: the batch goes out with sendmmsg after the receive batch (see RelaySendBatch).
            if (_handler.TryRouteChannelData(origin.FiveTuple, datagram, out var relay, out var channel, out var data))
            {
                fixed (byte* payload = data)
                {
                    relaySends.Add(relay, channel, payload, data.Length); // native receive slot: never moves
                }
            }

            return;
        }

        // A STUN message may change what earlier ChannelData of this batch relies on (Refresh with lifetime 0,
        // a Send indication to the same peer): send what is queued first, so order is kept.
        if (relaySends.Count > 0)
        {
            FlushRelaySends(relaySends);
        }

        if (!StunMessageReader.TryParse(datagram, out var message))
        {
            return;
        }

        var length = _handler.Handle(origin, message, response, out var route);
        if (length <= 0)
        {
            return;
        }

        Span<byte> redirected = stackalloc byte[LinuxSockets.SockAddrSize];
        if (route.ToPort != 0)
        {
            name.CopyTo(redirected);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(redirected[2..], route.ToPort);
            name = redirected[..name.Length];
        }

        if (route.FromPartner && _endpoint.Partner?.Udp is { } partner)
        {
            partner.SendTo(response.AsSpan(0, length), name);
            return;
        }

        fixed (byte* p = response)
        fixed (byte* n = name)
        {
            LinuxSockets.SendTo(fd, p, (nuint)length, LinuxSockets.MsgDontWait, n, (uint)name.Length);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }

        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }
}
