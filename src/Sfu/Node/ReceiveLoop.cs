using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RedConnect.Sfu.Ice;

namespace RedConnect.Sfu.Node;

/// <summary>
/// One thread reading one of the node's sockets (all bound to the media port; on Linux SO_REUSEPORT lets
/// the kernel spread peers' flows across them, one loop per core).
/// <para>
/// Batched (Linux, <see cref="SfuNodeOptions.BatchedIo"/>): one <c>recvmmsg</c> reads up to
/// <see cref="SfuNodeOptions.IoBatchSize"/> datagrams into native slots, each is demultiplexed in turn,
/// and what the transports send meanwhile on this thread is queued in a <see cref="SendBatch"/> and leaves
/// with one <c>sendmmsg</c> at the end of the batch. Per packet (elsewhere): the allocation-free
/// <c>ReceiveFrom(Span, SocketFlags, SocketAddress)</c> into one reused buffer and one <c>SendTo</c> per
/// packet. Either way nothing is allocated per datagram.
/// </para>
/// </summary>
internal sealed class ReceiveLoop
{
    /// <summary>Wakes a batched loop blocked in recvmmsg now and then so a stop is never missed.</summary>
    private static readonly TimeSpan BatchedReceiveTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest datagram read whole; WebRTC stays under ~1200 bytes, anything above 2 KB is dropped.</summary>
    public const int BufferSize = 2048;

    private readonly MediaPortDemultiplexer _demultiplexer;
    private readonly ILogger _logger;
    private readonly int _index;
    private readonly byte[] _buffer = GC.AllocateArray<byte>(BufferSize, pinned: true);
    private readonly SocketAddress _source;
    private readonly Thread _thread;
    private readonly DatagramBatch? _receiveBatch;
    private readonly SendBatch? _sendBatch;
    private volatile bool _stopping;

    /// <param name="node">Owner of the socket; with <paramref name="batchSize"/> &gt; 0 the loop uses recvmmsg/sendmmsg.</param>
    public ReceiveLoop(SfuNode node, Socket socket, int index, MediaPortDemultiplexer demultiplexer, ILogger logger, int batchSize)
    {
        Socket = socket;
        _index = index;
        _demultiplexer = demultiplexer;
        _logger = logger;
        _source = new SocketAddress(socket.AddressFamily);
        if (batchSize > 0)
        {
            bool timestamps = node.Options.MeasureForwardingDelay;
            _receiveBatch = new DatagramBatch(batchSize, BufferSize, receiveTimestamps: timestamps);
            ForwardingDelay = timestamps ? new DelayHistogram() : null;
            _sendBatch = new SendBatch(node, socket, batchSize, WebRtcTransport.MaxPacketLength + 64, Counters, ForwardingDelay);
            socket.ReceiveTimeout = (int)BatchedReceiveTimeout.TotalMilliseconds;
        }

        _thread = new Thread(_receiveBatch is null ? Run : RunBatched) { IsBackground = true, Name = $"sfu-rx-{index}" };
    }

    /// <summary>Whether this loop reads and writes with recvmmsg/sendmmsg.</summary>
    public bool IsBatched => _receiveBatch is not null;

    public Socket Socket { get; }

    /// <summary>Written only by this loop's thread.</summary>
    public NodeCounters Counters { get; } = new();

    /// <summary>
    /// With <see cref="SfuNodeOptions.MeasureForwardingDelay"/> (batched loops only): per RTP/RTCP datagram that made
    /// the node send (forwarding, NACK answers), the time from its arrival in the kernel (SO_TIMESTAMPNS) to the end
    /// of the <c>sendmmsg</c> that sent the last packet it caused — the SFU's own added latency, socket queueing
    /// included. Written only by this loop's thread.
    /// </summary>
    public DelayHistogram? ForwardingDelay { get; }

    /// <summary>Where STUN responses are written before they are sent (this thread only).</summary>
    public byte[] ResponseBuffer { get; } = new byte[IceLiteAgent.MaxResponseLength];

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stopping = true;
        if (IsBatched)
        {
            try
            {
                // Wakes a thread blocked in recvmmsg on this socket at once (Linux wakes readers of an
                // unconnected UDP socket on shutdown even though the call itself reports ENOTCONN).
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        Socket.Dispose();
        bool joined = Thread.CurrentThread == _thread || !_thread.IsAlive || _thread.Join(TimeSpan.FromSeconds(2));
        if (joined && Thread.CurrentThread != _thread)
        {
            // The native slots are freed only once the thread can no longer touch them.
            _receiveBatch?.Dispose();
            _sendBatch?.Dispose();
        }
    }

    /// <summary>Runs one datagram through the demultiplexer as if it had been received (tests, benchmarks).</summary>
    internal void Process(Span<byte> datagram, SocketAddress source)
    {
        Counters.PacketsReceived++;
        Counters.BytesReceived += datagram.Length;
        try
        {
            _demultiplexer.Dispatch(this, datagram, source);
        }
        catch (Exception exception)
        {
            // Parsers do not throw on hostile input; this guards against our own bugs taking the port down.
            Counters.Dropped++;
            NodeLog.DispatchError(_logger, exception);
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            int received;
            try
            {
                received = Socket.ReceiveFrom(_buffer, SocketFlags.None, _source);
            }
            catch (SocketException exception) when (!_stopping && IsTransient(exception.SocketErrorCode))
            {
                // An oversized datagram (truncated) or an ICMP error for an earlier send: drop and go on.
                Counters.Dropped++;
                continue;
            }
            catch (SocketException exception)
            {
                if (!_stopping)
                {
                    NodeLog.ReceiveLoopFailed(_logger, _index, exception.SocketErrorCode.ToString());
                }

                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Process(_buffer.AsSpan(0, received), _source);
        }
    }

    private unsafe void RunBatched()
    {
        DatagramBatch batch = _receiveBatch!;
        SendBatch sendBatch = _sendBatch!;
        sendBatch.BindToCurrentThread();
        int used = batch.Capacity;
        try
        {
            while (!_stopping)
            {
                batch.ResetForReceive(used);
                used = 0;
                int received;
                bool added = false;
                try
                {
                    Socket.SafeHandle.DangerousAddRef(ref added);
                    // MSG_WAITFORONE: block for the first datagram, then take whatever else is queued.
                    received = LinuxUdp.RecvMMsg((int)Socket.SafeHandle.DangerousGetHandle(), batch.Headers, (uint)batch.Capacity, LinuxUdp.MsgWaitForOne, null);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                finally
                {
                    if (added)
                    {
                        Socket.SafeHandle.DangerousRelease();
                    }
                }

                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (_stopping)
                    {
                        return;
                    }

                    if (errno is LinuxUdp.Eintr or LinuxUdp.Eagain)
                    {
                        continue; // a signal, or the receive timeout that lets us notice a stop
                    }

                    if (errno is LinuxUdp.Ebadf or LinuxUdp.Enotsock)
                    {
                        NodeLog.ReceiveLoopFailed(_logger, _index, "errno " + errno);
                        return;
                    }

                    // An ICMP error for an earlier send or a transient shortage: go on, as the per-packet path does.
                    Counters.Dropped++;
                    continue;
                }

                used = received;
                try
                {
                    for (int i = 0; i < received; i++)
                    {
                        if (batch.IsTruncated(i) || !batch.TryCopySource(i, _source))
                        {
                            // Larger than any WebRTC datagram (or no source address): drop, as ReceiveFrom would.
                            Counters.PacketsReceived++;
                            Counters.Dropped++;
                            continue;
                        }

                        Span<byte> datagram = batch.Received(i);
                        long arrival = 0;
                        // RFC 7983: 128–191 is RTP or RTCP, the traffic whose forwarding delay is measured.
                        bool measured = ForwardingDelay is not null && datagram.Length > 0 && datagram[0] is >= 128 and <= 191
                                        && batch.TryGetArrival(i, out arrival);
                        if (measured)
                        {
                            sendBatch.BeginDatagram(arrival);
                        }

                        Process(datagram, _source);
                        if (measured)
                        {
                            sendBatch.EndDatagram();
                        }
                    }
                }
                finally
                {
                    sendBatch.Flush();
                }
            }
        }
        finally
        {
            SendBatch.UnbindCurrentThread();
        }
    }

    private static bool IsTransient(SocketError error) =>
        error is SocketError.MessageSize or SocketError.ConnectionReset or SocketError.ConnectionRefused
            or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NoBufferSpaceAvailable;
}
