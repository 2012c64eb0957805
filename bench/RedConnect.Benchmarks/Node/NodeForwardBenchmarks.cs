using System.Buffers.Binary;
using System.Net;
using BenchmarkDotNet.Attributes;
using RedConnect.Sfu.Node;

namespace RedConnect.Benchmarks.Node;

/// <summary>
/// The node's per-packet work without the receive syscall: one SRTP packet from a connected client is
/// injected into a receive loop (demultiplex by address → SRTP unprotect in place → listener), and the
/// listener echoes it with <see cref="WebRtcTransport.SendRtp"/> (SRTP protect → sendto). The client's own
/// protect is measured alone as the baseline; subtract it. [MemoryDiagnoser] must show 0 B.
/// </summary>
/// <remarks>dotnet run -c Release --project bench/RedConnect.Benchmarks -- --filter '*NodeForward*' --job short</remarks>
[MemoryDiagnoser]
public class NodeForwardBenchmarks
{
    private SfuNode _node = null!;
    private SyntheticClient _client = null!;
    private ReceiveLoop _loop = null!;
    private SocketAddress _clientAddress = null!;
    private byte[] _plain = null!;
    private byte[] _wire = null!;
    private ushort _sequence;
    private SendBatch? _sendBatch;

    [Params(100, 1200)]
    public int PayloadSize { get; set; }

    /// <summary>
    /// True: the echo is queued in a <see cref="SendBatch"/> (as on a batched receive loop) and leaves with
    /// one sendmmsg per 32 packets; false: one sendto per packet.
    /// </summary>
    [Params(false, true)]
    public bool BatchedSend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _node = new SfuNode(new SfuNodeOptions { Port = 0, ReceiveLoops = 1 });
        _node.StartAsync().GetAwaiter().GetResult();
        var listener = new EchoListener();
        WebRtcTransport transport = _node.CreateTransport(listener);
        _client = new SyntheticClient(_node.Port);
        _client.ConnectAsync(transport).GetAwaiter().GetResult();
        listener.Connected.Task.Wait(TimeSpan.FromSeconds(10));
        _loop = _node.GetReceiveLoop(0);
        _clientAddress = ((IPEndPoint)_client.Socket.LocalEndPoint!).Serialize();
        _plain = new byte[12 + PayloadSize];
        _plain[0] = 0x80;
        _plain[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_plain.AsSpan(8), 0x5EED);
        new Random(1).NextBytes(_plain.AsSpan(12));
        _wire = new byte[_plain.Length + 64];
        if (BatchedSend && LinuxUdp.IsSupported)
        {
            _sendBatch = new SendBatch(_node, _loop.Socket, 32, WebRtcTransport.MaxPacketLength + 64, new NodeCounters());
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sendBatch?.Flush();
        SendBatch.UnbindCurrentThread();
        _sendBatch?.Dispose();
        _client.Dispose();
        _node.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>What the client spends making the packet (not SFU work).</summary>
    [Benchmark(Baseline = true)]
    public int ClientProtect() => Protect();

    /// <summary>Client protect + SFU demux, unprotect, listener, protect, sendto.</summary>
    [Benchmark]
    public void ReceiveUnprotectProtectSend()
    {
        int length = Protect();
        _sendBatch?.BindToCurrentThread(); // a thread-static write; the batch flushes itself every 32 packets
        _loop.Process(_wire.AsSpan(0, length), _clientAddress);
    }

    private int Protect()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_plain.AsSpan(2), ++_sequence);
        BinaryPrimitives.WriteUInt32BigEndian(_plain.AsSpan(4), _sequence * 960u);
        _plain.CopyTo(_wire, 0);
        _client.SendContext!.ProtectRtp(_wire, _plain.Length, out int length);
        return length;
    }
}
