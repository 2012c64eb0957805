using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RedConnect.Sfu.Node;
using RedConnect.Stun;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>Hostile input never crashes the node, never affects other sessions, and is counted.</summary>
/// <summary>Runs with recvmmsg/sendmmsg; <see cref="NodeHostileInputTestsPerPacketIo"/> repeats every test with per-packet socket calls.</summary>
public class NodeHostileInputTests
{
    protected virtual bool BatchedIo => true;

    private static readonly TimeSpan Wait = NodeHarness.Wait;

    [Fact]
    public async Task Garbage_and_truncated_stun_are_counted_and_the_session_keeps_working()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (_, listener, peer) = await harness.ConnectAsync();
        byte[] check = Ice.BindingRequest.For(peer.Credentials.UsernameFragment, "whatever", "whateverwhateverwhatever").Encode();

        peer.Send(check.AsSpan(0, check.Length - 7));          // truncated STUN
        peer.Send([0x00, 0x01, 0x00, 0x00]);                    // STUN range, too short
        peer.Send([0x47, 0x45, 0x54, 0x20, 0x2F]);              // "GET /": nothing we speak
        peer.Send(new byte[] { 0x01, 0x01, 0x00, 0x04, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });

        await WaitForAsync(() => harness.Node.Stats.MalformedStun >= 3 && harness.Node.Stats.Dropped >= 1);
        await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
    }

    [Fact]
    public async Task Dtls_and_srtp_from_an_address_ice_never_validated_are_dropped_and_counted()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, listener, peer) = await harness.ConnectAsync();
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var server = new IPEndPoint(IPAddress.Loopback, harness.Node.Port);
        // A DTLS ClientHello-shaped record and an SRTP-shaped packet, both from an unknown source.
        byte[] dtls = [22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0];
        byte[] srtp = TestPackets.Rtp(0xBAD, 1);

        stranger.SendTo(dtls, server);
        stranger.SendTo(srtp, server);

        await WaitForAsync(() => harness.Node.Stats.UnknownSourceDatagrams >= 2);
        Assert.Equal(0, transport.Stats.MalformedDtls);
        await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
    }

    [Fact]
    public async Task Srtp_with_a_bad_tag_is_counted_and_never_reaches_the_listener()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, listener, peer) = await harness.ConnectAsync();
        byte[] packet = TestPackets.Rtp(0x7A6, 1);
        byte[] wire = peer.ProtectRtp(packet);
        byte[] badTag = (byte[])wire.Clone();
        badTag[^1] ^= 0x01;
        byte[] badPayload = (byte[])wire.Clone();
        badPayload[20] ^= 0x80;

        peer.Send(badTag);
        peer.Send(badPayload);

        await WaitForAsync(() => transport.Stats.SrtpAuthFailures >= 2);
        Assert.True(harness.Node.Stats.SrtpAuthFailures >= 2);
        Assert.False(listener.Rtp.Reader.TryRead(out _));
        // A failed tag moves no replay window: the genuine packet with the same index still gets through.
        peer.Send(wire);
        Assert.Equal(packet, await TestPeer.ReadAsync(listener.Rtp, Wait));
    }

    [Fact]
    public async Task Replayed_srtp_and_srtcp_are_counted_and_delivered_only_once()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, listener, peer) = await harness.ConnectAsync();
        byte[] rtp = TestPackets.Rtp(0x4E9, 1);
        byte[] rtcp = TestPackets.ReceiverReport(0x4E9, 0x1);
        byte[] rtpWire = peer.SendRtp(rtp);
        byte[] rtcpWire = peer.SendRtcp(rtcp);
        Assert.Equal(rtp, await TestPeer.ReadAsync(listener.Rtp, Wait));
        Assert.Equal(rtcp, await TestPeer.ReadAsync(listener.Rtcp, Wait));

        peer.Send(rtpWire);
        peer.Send(rtcpWire);

        await WaitForAsync(() => transport.Stats.SrtpReplays >= 2);
        Assert.Equal(2, harness.Node.Stats.SrtpReplays);
        Assert.False(listener.Rtp.Reader.TryRead(out _));
        Assert.False(listener.Rtcp.Reader.TryRead(out _));
        await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
    }

    [Fact]
    public async Task Checks_with_a_wrong_password_get_401_and_do_not_move_the_session()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, listener, peer) = await harness.ConnectAsync();
        IPEndPoint before = transport.RemoteEndPoint!;

        byte[] response = await peer.CheckAsync(useCandidate: true, password: "notTheRightPasswordAtAll");

        Assert.True(StunMessageReader.TryParse(response, out StunMessageReader reader));
        Assert.True(reader.TryGetErrorCode(out int code, out _));
        Assert.Equal(StunErrorCode.Unauthenticated, code);
        Assert.Equal(1, transport.Stats.IceChecksUnauthenticated);
        Assert.Equal(before, transport.RemoteEndPoint);
        await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
    }

    [Fact]
    public async Task A_million_random_datagrams_leave_the_node_answering_a_new_session()
    {
        // The loop below keeps the receive loop busy for up to a minute on a loaded machine, during which the peer
        // sends no consent check: a consent timeout longer than the test keeps that from ending the session.
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo,
            configure: o => o.ConsentTimeout = TimeSpan.FromMinutes(5));
        var (transport, listener, peer) = await harness.ConnectAsync();
        var random = new Random(7);
        var buffer = new byte[1300];
        // The connected peer's own address: random DTLS/SRTP from it reaches the transport's parsers too.
        SocketAddress source = new IPEndPoint(IPAddress.Loopback, peer.LocalEndPoint.Port).Serialize();
        SocketAddress stranger = new IPEndPoint(IPAddress.Loopback, 9).Serialize();
        ReceiveLoop loop = harness.Node.GetReceiveLoop(0);
        string ufrag = transport.LocalIceUfrag;
        var clock = Stopwatch.StartNew();

        for (int i = 0; i < 1_000_000; i++)
        {
            int length = random.Next(0, 4) == 0 ? random.Next(0, 40) : random.Next(0, buffer.Length);
            Span<byte> datagram = buffer.AsSpan(0, length);
            random.NextBytes(datagram);
            if (length >= 20 && i % 3 == 0)
            {
                // Bias towards what survives the first checks: STUN header shape with our ufrag, RTP version bits.
                datagram[0] = (byte)random.Next(0, 4);
                datagram[4] = 0x21; datagram[5] = 0x12; datagram[6] = 0xA4; datagram[7] = 0x42;
                if (i % 2 == 0 && length >= 32)
                {
                    datagram[20] = 0; datagram[21] = 6; datagram[22] = 0; datagram[23] = 8;
                    System.Text.Encoding.ASCII.GetBytes(ufrag, datagram[24..]);
                }
            }
            else if (length > 0 && i % 3 == 1)
            {
                datagram[0] = (byte)(0x80 | (datagram[0] & 0x3F));
            }

            loop.Process(datagram, i % 5 == 0 ? stranger : source);
        }

        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        NodeStats stats = harness.Node.Stats;
        Assert.True(stats.MalformedStun + stats.Dropped + stats.UnknownSourceDatagrams + stats.SrtpAuthFailures
            + stats.MalformedRtp + stats.MalformedRtcp + stats.MalformedDtls + stats.UnauthenticatedStun + stats.SrtpReplays >= 900_000);
        Assert.True(transport.IsConnected);

        var fresh = await harness.ConnectAsync();
        await NodeHarness.AssertClientMediaFlowsAsync(fresh.Peer, fresh.Listener);
        await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
    }

    [Fact]
    public async Task A_flood_from_one_address_does_not_stop_another_session()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (_, listener, peer) = await harness.ConnectAsync();
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flooder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var server = new IPEndPoint(IPAddress.Loopback, harness.Node.Port).Serialize();
        using var stop = new CancellationTokenSource();
        long flooded = 0;

        Task flood = Task.Run(() =>
        {
            var random = new Random(3);
            var junk = new byte[1000];
            while (!stop.IsCancellationRequested)
            {
                random.NextBytes(junk);
                junk[0] = (byte)(random.Next(2) == 0 ? 0x80 : 0x01);
                flooder.SendTo(junk, SocketFlags.None, server);
                flooded++;
            }
        });
        try
        {
            await Task.Delay(200);
            await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
            var late = await harness.ConnectAsync();
            await NodeHarness.AssertClientMediaFlowsAsync(late.Peer, late.Listener);
        }
        finally
        {
            stop.Cancel();
            await flood.WaitAsync(Wait);
        }

        Assert.True(flooded > 1000);
        Assert.True(harness.Node.Stats.UnknownSourceDatagrams + harness.Node.Stats.MalformedStun > 100);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Wait, "condition not met in time");
            await Task.Delay(10);
        }
    }
}

public sealed class NodeHostileInputTestsPerPacketIo : NodeHostileInputTests
{
    protected override bool BatchedIo => false;
}
