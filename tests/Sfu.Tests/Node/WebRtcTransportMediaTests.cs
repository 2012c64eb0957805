using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>Runs with recvmmsg/sendmmsg; <see cref="WebRtcTransportMediaTestsPerPacketIo"/> repeats every test with per-packet socket calls.</summary>
public class WebRtcTransportMediaTests
{
    protected virtual bool BatchedIo => true;

    private static readonly TimeSpan Wait = NodeHarness.Wait;

    [Fact]
    public async Task Client_connects_through_ice_lite_and_dtls_and_both_sides_hold_srtp_keys()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);

        var (transport, listener, peer) = await harness.ConnectAsync();

        Assert.True(transport.IsConnected);
        Assert.Equal("DTLS 1.2", transport.DtlsProtocolVersion);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, transport.SrtpProfile);
        Assert.Equal(peer.LocalEndPoint, transport.RemoteEndPoint);
        Assert.Equal(1, harness.Node.Stats.ActiveTransports);
        Assert.False(listener.Closed.Task.IsCompleted);
    }

    [Fact]
    public async Task Client_offering_dtls13_first_is_served_dtls12()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);

        var (transport, _, peer) = await harness.ConnectAsync(new DtlsSessionOptions { ClientAdvertisesDtls13 = true });

        Assert.Equal("DTLS 1.2", transport.DtlsProtocolVersion);
        Assert.Equal("DTLS 1.2", peer.Handshake!.Result!.ProtocolVersion);
    }

    [Fact]
    public async Task Client_offering_only_aes_cm_gets_aes_cm_srtp()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var options = new DtlsSessionOptions { Profiles = [SrtpProtectionProfile.Aes128CmHmacSha1_80] };

        var (transport, listener, peer) = await harness.ConnectAsync(options);

        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, transport.SrtpProfile);
        await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
    }

    [Fact]
    public async Task Rtp_from_the_client_reaches_the_listener_decrypted_byte_for_byte()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, listener, peer) = await harness.ConnectAsync();
        var sent = new List<byte[]>();

        for (ushort seq = 1; seq <= 20; seq++)
        {
            byte[] packet = TestPackets.Rtp(0xA0D10, seq, payloadLength: 20 + seq * 50);
            sent.Add(packet);
            peer.SendRtp(packet);
        }

        foreach (byte[] expected in sent)
        {
            Assert.Equal(expected, await TestPeer.ReadAsync(listener.Rtp, Wait));
        }

        Assert.Equal(20, transport.Stats.RtpPacketsReceived);
        Assert.False(listener.SawConcurrentCalls);
    }

    [Fact]
    public async Task Rtp_sent_by_the_transport_reaches_the_client_and_decrypts()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, _, peer) = await harness.ConnectAsync();
        var sent = new List<byte[]>();

        for (ushort seq = 1; seq <= 20; seq++)
        {
            byte[] packet = TestPackets.Rtp(0x51D0, seq, payloadLength: 1100, payloadType: 96);
            sent.Add(packet);
            Assert.True(transport.SendRtp(packet));
        }

        foreach (byte[] expected in sent)
        {
            Assert.Equal(expected, await TestPeer.ReadAsync(peer.Rtp, Wait));
        }

        Assert.Equal(20, transport.Stats.RtpPacketsSent);
    }

    [Fact]
    public async Task Rtcp_flows_both_ways()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, listener, peer) = await harness.ConnectAsync();
        byte[] fromClient = TestPackets.ReceiverReport(0xC11E, 0x51D0);
        byte[] fromSfu = TestPackets.ReceiverReport(0x5F00, 0xA0D10);

        peer.SendRtcp(fromClient);
        Assert.True(transport.SendRtcp(fromSfu));

        Assert.Equal(fromClient, await TestPeer.ReadAsync(listener.Rtcp, Wait));
        Assert.Equal(fromSfu, await TestPeer.ReadAsync(peer.Rtcp, Wait));
        Assert.Equal(1, transport.Stats.RtcpPacketsReceived);
        Assert.Equal(1, transport.Stats.RtcpPacketsSent);
    }

    [Fact]
    public async Task Concurrent_senders_on_one_transport_are_all_delivered_and_decrypt()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, _, peer) = await harness.ConnectAsync();
        const int threads = 4;
        const int perThread = 50;

        // Each sender has its own SSRC, as routing forwards several producers into one subscriber transport.
        Parallel.For(0, threads, t =>
        {
            for (int i = 0; i < perThread; i++)
            {
                Assert.True(transport.SendRtp(TestPackets.Rtp((uint)(0x1000 + t), (ushort)i, payloadLength: 200)));
                if (i % 10 == 0)
                {
                    Thread.Sleep(1);
                }
            }
        });

        var received = new HashSet<(uint, ushort)>();
        while (received.Count < threads * perThread)
        {
            byte[] packet = await TestPeer.ReadAsync(peer.Rtp, Wait);
            received.Add((System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8)),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2))));
        }

        Assert.Equal(threads * perThread, transport.Stats.RtpPacketsSent);
    }

    [Fact]
    public async Task Listener_can_echo_media_back_from_inside_the_callback()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var listener = new RecordingListener { OnRtpHook = (t, packet) => t.SendRtp(packet) };
        var (_, _, peer) = await harness.ConnectAsync(listener: listener);
        byte[] packet = TestPackets.Rtp(0xEC40, 7);

        peer.SendRtp(packet);

        Assert.Equal(packet, await TestPeer.ReadAsync(peer.Rtp, Wait));
    }

    [Fact]
    public async Task SendRtp_before_connecting_is_refused_without_throwing()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, _, _) = harness.Prepare();

        Assert.False(transport.SendRtp(TestPackets.Rtp(1, 1)));
        Assert.False(transport.SendRtcp(TestPackets.ReceiverReport(1, 2)));
        Assert.False(transport.IsConnected);
    }

    [Fact]
    public async Task Transport_parameters_carry_fresh_ice_credentials_and_a_host_candidate_on_the_node_port()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (a, _, _) = harness.Prepare();
        var (b, _, _) = harness.Prepare();

        Assert.NotEqual(a.LocalIceUfrag, b.LocalIceUfrag);
        Assert.True(a.LocalIceUfrag.Length >= 4);
        Assert.True(a.LocalIcePwd.Length >= 22);
        Assert.Equal(harness.Node.Certificate.Fingerprint.ToSdpValue(), a.LocalParameters.Fingerprint);
        var candidate = Assert.Single(a.LocalParameters.Candidates);
        Assert.Equal("127.0.0.1", candidate.Address);
        Assert.Equal(harness.Node.Port, candidate.Port);
        Assert.Equal("host", candidate.Type);
    }
}

public sealed class WebRtcTransportMediaTestsPerPacketIo : WebRtcTransportMediaTests
{
    protected override bool BatchedIo => false;
}
