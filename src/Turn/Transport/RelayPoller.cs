using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;
using RedConnect.Turn.Interop;
using RedConnect.Turn.Protocol;

namespace RedConnect.Turn.Transport;

/// <summary>
/// The peer → client direction for a share of the allocations: one thread waits on an epoll set of their
/// relay sockets, drains each ready socket with batched <c>recvmmsg</c>, turns every datagram into
/// ChannelData (when the peer has a channel) or a Data indication (when it has a permission) in place —
/// the header goes into headroom in front of the data — and sends the batch to the client with one
/// <c>sendmmsg</c> (UDP) or queues it on the client's connection (TCP/TLS, never blocking). Datagrams
/// from peers without a permission are dropped (RFC 8656 §11.3, §12.7). Allocation-free per packet.
/// </summary>
internal sealed class RelayPoller : IDisposable
{
    private const int BatchSize = 32;
    private const int SlotSize = 2048 + DatagramBatch.Headroom;
    private const int MaxBatchesPerWake = 4;
    private const int MsgTrunc = 0x20;

    private readonly ConcurrentDictionary<long, RelaySocket> _sockets = new();
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly int _epoll;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private ulong _transactionSeed;

    public RelayPoller(int index, TimeProvider time, ILogger log)
    {
        _time = time;
        _log = log;
        _epoll = LinuxSockets.EpollCreate1(LinuxSockets.EpollCloexec);
        if (_epoll < 0)
        {
            throw new SocketException(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        _transactionSeed = (ulong)Random.Shared.NextInt64() | 1;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"turn-relay-{index}" };
    }

    public void Start() => _thread.Start();

    public unsafe void Register(RelaySocket socket)
    {
        socket.Poller = this;
        _sockets[socket.Id] = socket;
        var handle = socket.Handle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var ev = new LinuxSockets.EpollEvent { Events = LinuxSockets.EpollIn, Data = (ulong)socket.Id };
            LinuxSockets.EpollCtl(_epoll, LinuxSockets.EpollCtlAdd, (int)handle.DangerousGetHandle(), &ev);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Stops or restarts waiting for <paramref name="socket"/>'s datagrams (backpressure from a TCP/TLS client whose
    /// send queue is full: the datagrams wait in the relay socket's kernel buffer, which drops the excess as UDP
    /// would, instead of being received and dropped here). A closed socket is ignored.
    /// </summary>
    public unsafe void SetReading(RelaySocket socket, bool reading)
    {
        if (_stopping)
        {
            return;
        }

        var handle = socket.Handle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var ev = new LinuxSockets.EpollEvent { Events = reading ? (uint)LinuxSockets.EpollIn : 0, Data = (ulong)socket.Id };
            LinuxSockets.EpollCtl(_epoll, LinuxSockets.EpollCtlMod, (int)handle.DangerousGetHandle(), &ev);
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

    /// <summary>Called before the socket closes; late events for its id find nothing.</summary>
    public unsafe void Unregister(RelaySocket socket)
    {
        _sockets.TryRemove(socket.Id, out _);
        var handle = socket.Handle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            LinuxSockets.EpollCtl(_epoll, LinuxSockets.EpollCtlDel, (int)handle.DangerousGetHandle(), null);
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

    private unsafe void Loop()
    {
        const int maxEvents = 64;
        var events = stackalloc LinuxSockets.EpollEvent[maxEvents];
        using var receive = new DatagramBatch(BatchSize, SlotSize);
        using var send = new DatagramBatch(BatchSize, 0);
        while (!_stopping)
        {
            var ready = LinuxSockets.EpollWait(_epoll, events, maxEvents, 250);
            for (var i = 0; i < ready; i++)
            {
                if (!_sockets.TryGetValue((long)events[i].Data, out var socket) || socket.Owner is not { IsDisposed: false } allocation)
                {
                    continue;
                }

                try
                {
                    Drain(socket, allocation, receive, send);
                }
                catch (Exception ex)
                {
                    _log.LogError(ex, "Relay socket {Relay} failed", socket.LocalAddress);
                }
            }
        }
    }

    private unsafe void Drain(RelaySocket socket, Allocation allocation, DatagramBatch receive, DatagramBatch send)
    {
        var handle = socket.Handle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var stream = allocation.Stream;
            for (var round = 0; round < MaxBatchesPerWake; round++)
            {
                // A TCP/TLS client gets only as many datagrams as its send queue can take whole; when it is full the
                // socket stops being polled until the queue drains (StreamConnection resumes it), so nothing read here
                // is dropped for lack of room and a slow client never holds more than its bounded queue.
                var wanted = stream is null ? BatchSize : stream.ReserveRelayFrames(socket, BatchSize, SlotSize);
                if (wanted == 0)
                {
                    return;
                }

                receive.PrepareReceive(wanted);
                var received = LinuxSockets.RecvMMsg(fd, receive.Messages, (uint)wanted, LinuxSockets.MsgDontWait, null);
                if (received <= 0)
                {
                    return;
                }

                var outgoing = 0;
                var now = allocation.PeerToClientBucket is null ? 0 : _time.GetTimestamp();
                for (var i = 0; i < received; i++)
                {
                    ref var message = ref receive.Messages[i];
                    if ((message.Header.Flags & MsgTrunc) != 0
                        || !SockAddr.TryRead(new ReadOnlySpan<byte>(receive.Name(i), (int)message.Header.NameLength), out var peer))
                    {
                        continue;
                    }

                    var slot = new Span<byte>(receive.Slot(i), SlotSize);
                    if (!PeerDataFramer.TryFrame(allocation, peer, slot, (int)message.Length, now, ref _transactionSeed, out var start, out var frameLength))
                    {
                        continue;
                    }

                    var frameStart = receive.Slot(i) + start;

                    if (stream is not null)
                    {
                        stream.TryQueue(new ReadOnlySpan<byte>(frameStart, frameLength));
                    }
                    else
                    {
                        send.SetSend(outgoing++, frameStart, frameLength, allocation.ClientSockAddr.AsSpan(0, allocation.ClientSockAddrLength));
                    }
                }

                if (outgoing > 0)
                {
                    SendToClient(allocation, send, outgoing);
                }

                stream?.Flush();

                if (received < wanted)
                {
                    return;
                }
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

    private unsafe void SendToClient(Allocation allocation, DatagramBatch send, int count)
    {
        if (allocation.Listener.Udp is not { } listener)
        {
            return;
        }

        var handle = listener.SendHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var sent = 0;
            // A full socket buffer drops the rest, as UDP would; never wait for a slow client.
            while (sent < count)
            {
                var n = LinuxSockets.SendMMsg(fd, send.Messages + sent, (uint)(count - sent), LinuxSockets.MsgDontWait);
                if (n <= 0)
                {
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
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        LinuxSockets.Close(_epoll);
    }
}
