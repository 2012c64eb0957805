using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using RedConnect.Sfu.Node;

namespace RedConnect.Benchmarks.Node;

/// <summary>
/// End to end over loopback UDP with one receive loop: the synthetic client sends SRTP bursts (at most
/// <see cref="Window"/> in flight), the node receives, unprotects, echoes through the listener, protects
/// and sends back; the client counts what returns. Per-operation time is per echoed packet, so 1/mean is
/// the packets/s one receive loop sustains (client and node share the machine's 2 cores). GlobalCleanup
/// prints loss and the bytes allocated per packet across all threads.
/// </summary>
/// <remarks>dotnet run -c Release --project bench/RedConnect.Benchmarks -- --filter '*NodeLoopback*' --job short</remarks>
[MemoryDiagnoser]
public class NodeLoopbackBenchmarks
{
    private const int Burst = 4096;
    private const int Window = 256;

    private SfuNode _node = null!;
    private SyntheticClient _client = null!;
    private System.Net.SocketAddress _server = null!;
    private Thread _counter = null!;
    private byte[] _plain = null!;
    private byte[] _wire = null!;
    private ushort _sequence;
    private long _sent;
    private long _received;
    private long _lost;
    private long _allocatedAtStart;
    private volatile bool _stopping;

    [Params(100, 1200)]
    public int PayloadSize { get; set; }

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
        _server = _client.ServerEndPoint.Serialize();
        _plain = new byte[12 + PayloadSize];
        _plain[0] = 0x80;
        _plain[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_plain.AsSpan(8), 0x5EED);
        _wire = new byte[_plain.Length + 64];
        _counter = new Thread(Count) { IsBackground = true };
        _counter.Start();
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart;
        Console.WriteLine($"// loopback echo: sent {_sent}, echoed {_received}, lost {_lost} ({100.0 * _lost / Math.Max(1, _sent):F3} %), " +
            $"{(double)allocated / Math.Max(1, _received):F2} B allocated per packet (all threads)");
        _stopping = true;
        _client.Dispose();
        _counter.Join(TimeSpan.FromSeconds(2));
        _node.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Burst)]
    public void LoopbackEcho()
    {
        long target = Volatile.Read(ref _sent) + Burst;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Burst; i++)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _sent) - Volatile.Read(ref _received) - Volatile.Read(ref _lost) > Window)
            {
                spin.SpinOnce();
                if (spin.Count > 2000)
                {
                    // Something was dropped: give up on what is outstanding and go on.
                    Interlocked.Exchange(ref _lost, Volatile.Read(ref _sent) - Volatile.Read(ref _received));
                }
            }

            BinaryPrimitives.WriteUInt16BigEndian(_plain.AsSpan(2), ++_sequence);
            _plain.CopyTo(_wire, 0);
            _client.SendContext!.ProtectRtp(_wire, _plain.Length, out int length);
            _client.Socket.SendTo(_wire.AsSpan(0, length), SocketFlags.None, _server);
            Interlocked.Increment(ref _sent);
        }

        while (Volatile.Read(ref _received) + Volatile.Read(ref _lost) < target && clock.ElapsedMilliseconds < 1000)
        {
            Thread.SpinWait(100);
        }
    }

    private void Count()
    {
        var buffer = new byte[2048];
        while (!_stopping)
        {
            try
            {
                if (_client.Socket.Receive(buffer) > 0)
                {
                    Interlocked.Increment(ref _received);
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
