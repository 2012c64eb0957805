using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>A real <see cref="SfuNode"/> on an ephemeral 127.0.0.1 port plus the synthetic clients talking to it.</summary>
internal sealed class NodeHarness : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static int s_sequence = 1000;

    private readonly List<TestPeer> _peers = [];

    private NodeHarness(SfuNode node) => Node = node;

    public SfuNode Node { get; }

    public static Task<NodeHarness> StartAsync(TimeProvider? time = null, Action<SfuNodeOptions>? configure = null) =>
        StartAsync(batchedIo: true, time, configure);

    /// <summary>A node with recvmmsg/sendmmsg (<paramref name="batchedIo"/>, where the platform has them) or per-packet socket calls.</summary>
    public static async Task<NodeHarness> StartAsync(bool batchedIo, TimeProvider? time = null, Action<SfuNodeOptions>? configure = null)
    {
        var options = new SfuNodeOptions { Port = 0, ReceiveLoops = 2, Certificate = DtlsCertificate.Shared, BatchedIo = batchedIo };
        configure?.Invoke(options);
        var node = new SfuNode(options, timeProvider: time);
        await node.StartAsync();
        return new NodeHarness(node);
    }

    /// <summary>A transport with the peer's parameters set, and a peer that has not connected yet.</summary>
    public (WebRtcTransport Transport, RecordingListener Listener, TestPeer Peer) Prepare(
        DtlsSessionOptions? clientOptions = null, RecordingListener? listener = null, DtlsCertificate? clientCertificate = null)
    {
        listener ??= new RecordingListener();
        WebRtcTransport transport = Node.CreateTransport(listener);
        var peer = new TestPeer(transport, Node.Port, clientOptions, clientCertificate);
        _peers.Add(peer);
        transport.SetRemoteParameters(peer.Credentials.UsernameFragment, peer.Credentials.Password, [peer.Certificate.Fingerprint]);
        return (transport, listener, peer);
    }

    /// <summary>A fully connected session: ICE nominated, DTLS done on both sides, SRTP keys in place.</summary>
    public async Task<(WebRtcTransport Transport, RecordingListener Listener, TestPeer Peer)> ConnectAsync(
        DtlsSessionOptions? clientOptions = null, RecordingListener? listener = null)
    {
        var session = Prepare(clientOptions, listener);
        await session.Peer.ConnectAsync(Wait);
        await session.Listener.Connected.Task.WaitAsync(Wait);
        Assert.True(session.Transport.IsConnected);
        return session;
    }

    /// <summary>Sends RTP from the client until one arrives at the listener (UDP may drop a packet).</summary>
    public static async Task AssertClientMediaFlowsAsync(TestPeer peer, RecordingListener listener, uint ssrc = 0x5EED)
    {
        int first = Interlocked.Add(ref s_sequence, 100);
        for (int seq = first; seq < first + 50; seq++)
        {
            byte[] sent = TestPackets.Rtp(ssrc, (ushort)seq);
            peer.SendRtp(sent);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                while (true)
                {
                    byte[] received = await listener.Rtp.Reader.ReadAsync(cts.Token);
                    if (received.AsSpan().SequenceEqual(sent))
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Fail("no RTP from the client reached the listener");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (TestPeer peer in _peers)
        {
            await peer.DisposeAsync();
        }

        await Node.DisposeAsync();
    }
}
