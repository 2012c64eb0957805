using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RedConnect.Sfu.Node;

/// <summary>
/// The send side of a batched receive loop: while the loop handles one <c>recvmmsg</c> batch, every packet
/// a transport sends on that thread (<see cref="WebRtcTransport.SendRtp"/> fan-out, NACK answers) is
/// protected straight into a slot here, and the loop sends them all with one <c>sendmmsg</c> when the batch
/// is done, or earlier when the slots run out. Packets leave in the order they were queued, so the order
/// per destination is kept. All the node's sockets share one address and port (SO_REUSEPORT), so the
/// loop's own socket can carry a packet for any transport.
/// </summary>
internal sealed unsafe class SendBatch : IDisposable
{
    [ThreadStatic]
    private static SendBatch? t_current;

    private readonly DatagramBatch _batch;
    private readonly Socket _socket;
    private readonly NodeCounters _counters;
    private readonly DelayHistogram? _delays;
    private readonly long[] _sentArrivals;
    private int _count;
    private long _currentArrival;
    private bool _currentSent;
    private int _sentCount;

    /// <param name="delays">With <see cref="SfuNodeOptions.MeasureForwardingDelay"/>: where the delay from a
    /// datagram's arrival (<see cref="BeginDatagram"/>) to the flush that sent the last of its packets goes.</param>
    public SendBatch(SfuNode node, Socket socket, int capacity, int bufferSize, NodeCounters counters, DelayHistogram? delays = null)
    {
        Node = node;
        _socket = socket;
        _counters = counters;
        _batch = new DatagramBatch(capacity, bufferSize);
        _delays = delays;
        _sentArrivals = delays is null ? [] : new long[capacity];
    }

    /// <summary>The batch of the receive loop running on this thread; null on any other thread (timers, DTLS).</summary>
    public static SendBatch? Current => t_current;

    /// <summary>The node whose port the batch sends from (a transport of another node must send directly).</summary>
    public SfuNode Node { get; }

    public int Count => _count;

    /// <summary>Makes this the batch of the calling thread (the loop's own thread, once).</summary>
    public void BindToCurrentThread() => t_current = this;

    public static void UnbindCurrentThread() => t_current = null;

    /// <summary>The buffer of the next free slot; sends the queued packets first when every slot is taken.</summary>
    public Span<byte> Reserve()
    {
        if (_count == _batch.Capacity)
        {
            Flush();
        }

        return _batch.Buffer(_count);
    }

    /// <summary>Queues the packet written into the span <see cref="Reserve"/> returned.</summary>
    public bool Commit(int length, SocketAddress destination)
    {
        if ((uint)length > (uint)_batch.BufferSize || !_batch.TrySetOutgoing(_count, length, destination))
        {
            _counters.Dropped++;
            return false;
        }

        _count++;
        _currentSent |= _currentArrival != 0;
        return true;
    }

    /// <summary>The receive loop starts on a datagram that arrived at <paramref name="arrivalUtcTicks"/> (measuring only).</summary>
    public void BeginDatagram(long arrivalUtcTicks)
    {
        _currentArrival = arrivalUtcTicks;
        _currentSent = false;
    }

    /// <summary>
    /// The receive loop is done with that datagram: if it caused sends, its delay is recorded at the flush that sends
    /// the last of them (the next one), so a datagram fanned out over two flushes counts until its last copy left.
    /// </summary>
    public void EndDatagram()
    {
        if (_currentSent)
        {
            if (_sentCount == _sentArrivals.Length)
            {
                RecordDelays(); // more datagrams than slots without a flush: record them now (slightly early)
            }

            _sentArrivals[_sentCount++] = _currentArrival;
        }

        _currentArrival = 0;
        _currentSent = false;
    }

    private void RecordDelays()
    {
        long now = DateTime.UtcNow.Ticks; // CLOCK_REALTIME, the clock of the kernel's receive timestamps
        for (int i = 0; i < _sentCount; i++)
        {
            _delays!.Record((now - _sentArrivals[i]) / TimeSpan.TicksPerMicrosecond);
        }

        _sentCount = 0;
    }

    /// <summary>Sends every queued packet (one <c>sendmmsg</c>, more only after a partial send or an error).</summary>
    public void Flush()
    {
        try
        {
            if (_count > 0)
            {
                Send(_count);
            }
        }
        finally
        {
            if (_sentCount > 0)
            {
                RecordDelays();
            }
        }
    }

    private void Send(int count)
    {
        _count = 0;
        bool added = false;
        try
        {
            _socket.SafeHandle.DangerousAddRef(ref added);
            int fd = (int)_socket.SafeHandle.DangerousGetHandle();
            int sent = 0;
            while (sent < count)
            {
                int result = LinuxUdp.SendMMsg(fd, _batch.Headers + sent, (uint)(count - sent), 0);
                if (result > 0)
                {
                    sent += result;
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == LinuxUdp.Eintr)
                {
                    continue;
                }

                if (errno is LinuxUdp.Ebadf or LinuxUdp.Enotsock)
                {
                    _counters.Dropped += count - sent;
                    return;
                }

                // The first unsent datagram was refused (ENOBUFS, EMSGSIZE, an ICMP error surfacing):
                // UDP is lossy, so drop that one and send the rest.
                _counters.Dropped++;
                sent++;
            }
        }
        catch (ObjectDisposedException)
        {
            _counters.Dropped += count;
        }
        finally
        {
            if (added)
            {
                _socket.SafeHandle.DangerousRelease();
            }
        }
    }

    public void Dispose() => _batch.Dispose();
}
