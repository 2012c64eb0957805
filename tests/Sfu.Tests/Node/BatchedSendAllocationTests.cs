using System.Net;
using RedConnect.Sfu.Node;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>
/// The batched forward path — demultiplex, SRTP unprotect, listener, SRTP protect into a sendmmsg slot,
/// sendmmsg every 32 packets — allocates nothing per packet once warm (STYLE.md: per-packet paths
/// allocate nothing). Measured with the thread's allocation counter around the node's own code only.
/// </summary>
public sealed class BatchedSendAllocationTests
{
    [Fact]
    public async Task Forwarding_through_a_send_batch_allocates_nothing_per_packet()
    {
        if (!LinuxUdp.IsSupported)
        {
            return; // recvmmsg/sendmmsg exist only on Linux; the per-packet path has its own benchmark
        }

        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo: true, configure: o => o.ReceiveLoops = 1);
        await AssertNoAllocationAsync(harness, new EchoListener());
    }

    private static async Task AssertNoAllocationAsync(NodeHarness harness, EchoListener listener)
    {
        WebRtcTransport transport = harness.Node.CreateTransport(listener);
        var peer = new TestPeer(transport, harness.Node.Port);
        try
        {
            transport.SetRemoteParameters(peer.Credentials.UsernameFragment, peer.Credentials.Password, [peer.Certificate.Fingerprint]);
            await peer.ConnectAsync(NodeHarness.Wait);
            await listener.Connected.Task.WaitAsync(NodeHarness.Wait);
            const int Warm = 300;
            const int Measured = 1000;
            byte[][] wire = new byte[Warm + Measured][];
            for (int i = 0; i < wire.Length; i++)
            {
                wire[i] = peer.ProtectRtp(TestPackets.Rtp(0xA110C, (ushort)(i + 1), payloadLength: 200 + i % 900));
            }

            ReceiveLoop loop = harness.Node.GetReceiveLoop(0);
            SocketAddress source = peer.LocalEndPoint.Serialize();
            using var batch = new SendBatch(harness.Node, loop.Socket, 32, WebRtcTransport.MaxPacketLength + 64, new NodeCounters());
            batch.BindToCurrentThread();
            try
            {
                for (int i = 0; i < Warm; i++)
                {
                    loop.Process(wire[i], source);
                }

                batch.Flush();
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = Warm; i < wire.Length; i++)
                {
                    loop.Process(wire[i], source);
                }

                batch.Flush();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

                Assert.Equal(Warm + Measured, listener.Echoed);
                Assert.Equal(0, allocated);
            }
            finally
            {
                SendBatch.UnbindCurrentThread();
            }
        }
        finally
        {
            await peer.DisposeAsync();
        }
    }

    /// <summary>Echoes every RTP packet back through the transport without copying it.</summary>
    private sealed class EchoListener : IMediaTransportListener
    {
        private int _echoed;

        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Echoed => Volatile.Read(ref _echoed);

        public void OnConnected(IMediaTransport transport) => Connected.TrySetResult();

        public void OnRtp(IMediaTransport transport, ReadOnlySpan<byte> rtp)
        {
            if (transport.SendRtp(rtp))
            {
                Interlocked.Increment(ref _echoed);
            }
        }

        public void OnRtcp(IMediaTransport transport, ReadOnlySpan<byte> rtcp)
        {
        }

        public void OnClosed(IMediaTransport transport, TransportCloseReason reason)
        {
        }
    }
}
