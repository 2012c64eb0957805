using System.Net;
using System.Net.Sockets;
using RedConnect.Sfu.Node;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>
/// The node's two socket paths — recvmmsg/sendmmsg batches (Linux) and per-packet calls — seen from a client:
/// bursts arrive whole and in order both ways, and sends from outside a receive loop still go out.
/// </summary>
public sealed class BatchedIoTests
{
    private static readonly TimeSpan Wait = NodeHarness.Wait;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Node_uses_batched_socket_calls_on_linux_only_when_asked(bool batchedIo)
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo);

        Assert.Equal(batchedIo && OperatingSystem.IsLinux(), harness.Node.UsesBatchedIo);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Burst_from_the_client_all_arrives_and_every_packet_is_forwarded_back_in_order(bool batchedIo)
    {
        const int Bursts = 12;
        const int BurstLength = 40;
        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo);
        // The listener forwards each packet from inside the receive loop, as routing does for a subscriber:
        // on the batched path these queue in the loop's sendmmsg batch.
        var listener = new RecordingListener { OnRtpHook = (t, packet) => t.SendRtp(packet) };
        var (transport, _, peer) = await harness.ConnectAsync(listener: listener);

        for (int burst = 0; burst < Bursts; burst++)
        {
            var sent = new byte[BurstLength][];
            for (int i = 0; i < BurstLength; i++)
            {
                int n = burst * BurstLength + i;
                sent[i] = TestPackets.Rtp(0xB0B, (ushort)(100 + n), payloadLength: 40 + (n * 37 % 400));
            }

            // Back to back, no pacing: the node finds several datagrams queued per recvmmsg. A burst stays
            // far below the socket buffers (~10 KB), so loopback UDP has no reason to drop any of it.
            foreach (byte[] packet in sent)
            {
                peer.SendRtp(packet);
            }

            foreach (byte[] expected in sent)
            {
                Assert.Equal(expected, await TestPeer.ReadAsync(listener.Rtp, Wait));
            }

            foreach (byte[] expected in sent)
            {
                Assert.Equal(expected, await TestPeer.ReadAsync(peer.Rtp, Wait));
            }
        }

        const int Burst = Bursts * BurstLength;
        Assert.Equal(Burst, transport.Stats.RtpPacketsReceived);
        Assert.Equal(Burst, transport.Stats.RtpPacketsSent);
        Assert.False(listener.SawConcurrentCalls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendRtp_from_a_timer_thread_goes_out_while_the_loop_is_idle(bool batchedIo)
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo);
        var (transport, _, peer) = await harness.ConnectAsync();
        byte[] packet = TestPackets.Rtp(0x7137, 9);
        var sentFromTimer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var timer = new Timer(_ => sentFromTimer.TrySetResult(transport.SendRtp(packet)), null, 10, Timeout.Infinite);

        Assert.True(await sentFromTimer.Task.WaitAsync(Wait));
        Assert.Equal(packet, await TestPeer.ReadAsync(peer.Rtp, Wait));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Oversized_datagrams_are_dropped_and_the_session_keeps_working(bool batchedIo)
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo, configure: o => o.ReceiveLoops = 1);
        var (_, listener, peer) = await harness.ConnectAsync();
        NodeStats before = harness.Node.Stats;
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var big = new byte[9000];
        big[0] = 0x80;

        for (int i = 0; i < 5; i++)
        {
            stranger.SendTo(big, new IPEndPoint(IPAddress.Loopback, harness.Node.Port));
        }

        await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
        // recvmmsg reports MSG_TRUNC (dropped at once); ReceiveFrom hands on the truncated 2 KB, which
        // then comes from no validated address. Either way nothing reaches a transport.
        NodeStats after = harness.Node.Stats;
        Assert.True(after.Dropped + after.UnknownSourceDatagrams >= before.Dropped + before.UnknownSourceDatagrams + 5);
    }
}
