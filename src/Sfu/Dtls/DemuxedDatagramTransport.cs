using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace RedConnect.Sfu.Dtls;

/// <summary>
/// BouncyCastle's <see cref="DatagramTransport"/> over a session's share of the SFU's single UDP port.
/// The node's receive loop demultiplexes (RFC 7983 §7: first byte 20–63 is DTLS) and pushes each DTLS
/// datagram with <see cref="TryEnqueue"/>; BouncyCastle's blocking <c>Receive</c> takes from a bounded
/// queue. Sending goes through a delegate so the ICE layer decides the current remote address (a
/// client that changes network is followed without the DTLS layer knowing).
/// </summary>
public sealed class DemuxedDatagramTransport : DatagramTransport
{
    /// <summary>Default MTU-ish limit: WebRTC keeps datagrams under ~1200 bytes to avoid IP fragmentation.</summary>
    public const int DefaultMtu = 1200;

    /// <summary>Largest DTLS datagram accepted from the wire (a record plus headers; Chromium's certificates fit).</summary>
    public const int MaxDatagramSize = 1500;

    private readonly BlockingCollection<byte[]> _queue;
    private readonly SendDatagram _send;
    private readonly int _mtu;
    private readonly CancellationTokenSource _closed = new();
    private long _dropped;

    /// <summary>Sends one datagram to the peer's current address.</summary>
    public delegate void SendDatagram(ReadOnlySpan<byte> datagram);

    public DemuxedDatagramTransport(SendDatagram send, int capacity = 64, int mtu = DefaultMtu)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 256);
        _send = send;
        _mtu = mtu;
        _queue = new BlockingCollection<byte[]>(new ConcurrentQueue<byte[]>(), capacity);
    }

    /// <summary>Datagrams dropped because the queue was full, too large, or arrived after close.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>Whether <see cref="Close"/> has been called.</summary>
    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>
    /// Queues a DTLS datagram received from the peer; copies it, never blocks. A full queue drops the
    /// datagram (DTLS retransmits, RFC 6347 §4.2.4) so a flooding peer cannot grow memory.
    /// </summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > MaxDatagramSize || IsClosed)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        try
        {
            if (_queue.TryAdd(datagram.ToArray()))
            {
                return true;
            }
        }
        catch (InvalidOperationException)
        {
            // CompleteAdding was called by Close: a late datagram.
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    public int GetReceiveLimit() => MaxDatagramSize;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Blocks up to <paramref name="waitMillis"/> for a datagram; -1 on timeout (BouncyCastle's contract).</summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (IsClosed)
        {
            // BouncyCastle treats an exception from the transport as a failed connection.
            throw new TlsFatalAlert(AlertDescription.internal_error, "transport closed");
        }

        byte[]? datagram;
        try
        {
            if (!_queue.TryTake(out datagram, Math.Max(0, waitMillis), _closed.Token))
            {
                return -1;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "transport closed");
        }

        if (datagram.Length > buffer.Length)
        {
            // Larger than BouncyCastle asked for: drop rather than hand over a truncated record.
            Interlocked.Increment(ref _dropped);
            return 0;
        }

        datagram.CopyTo(buffer);
        return datagram.Length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (IsClosed)
        {
            return;
        }

        _send(buffer);
    }

    /// <summary>Wakes a blocked receive and refuses further datagrams.</summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        _closed.Cancel();
        _queue.CompleteAdding();
    }
}
