using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RedConnect.Sfu.Ice;

namespace RedConnect.Sfu.Node;

/// <summary>
/// One thread reading one of the node's sockets (all bound to the media port; on Linux SO_REUSEPORT lets
/// the kernel spread peers' flows across them, one loop per core). Uses the allocation-free
/// <c>ReceiveFrom(Span, SocketFlags, SocketAddress)</c> into one reused buffer, so the steady state
/// allocates nothing per datagram; each datagram is handed to the demultiplexer before the next is read.
/// </summary>
internal sealed class ReceiveLoop
{
    /// <summary>Largest datagram read whole; WebRTC stays under ~1200 bytes, anything above 2 KB is dropped.</summary>
    public const int BufferSize = 2048;

    private readonly MediaPortDemultiplexer _demultiplexer;
    private readonly ILogger _logger;
    private readonly int _index;
    private readonly byte[] _buffer = GC.AllocateArray<byte>(BufferSize, pinned: true);
    private readonly SocketAddress _source;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public ReceiveLoop(Socket socket, int index, MediaPortDemultiplexer demultiplexer, ILogger logger)
    {
        Socket = socket;
        _index = index;
        _demultiplexer = demultiplexer;
        _logger = logger;
        _source = new SocketAddress(socket.AddressFamily);
        _thread = new Thread(Run) { IsBackground = true, Name = $"sfu-rx-{index}" };
    }

    public Socket Socket { get; }

    /// <summary>Written only by this loop's thread.</summary>
    public NodeCounters Counters { get; } = new();

    /// <summary>Where STUN responses are written before they are sent (this thread only).</summary>
    public byte[] ResponseBuffer { get; } = new byte[IceLiteAgent.MaxResponseLength];

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stopping = true;
        Socket.Dispose();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
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

    private static bool IsTransient(SocketError error) =>
        error is SocketError.MessageSize or SocketError.ConnectionReset or SocketError.ConnectionRefused
            or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NoBufferSpaceAvailable;
}
