using Microsoft.Extensions.Time.Testing;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>Runs with recvmmsg/sendmmsg; <see cref="TransportLifecycleTestsPerPacketIo"/> repeats every test with per-packet socket calls.</summary>
public class TransportLifecycleTests
{
    protected virtual bool BatchedIo => true;

    private static readonly TimeSpan Wait = NodeHarness.Wait;

    [Fact]
    public async Task Transport_closes_with_consent_expired_when_checks_stop()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo, time);
        var (transport, listener, peer) = await harness.ConnectAsync();

        time.Advance(TimeSpan.FromSeconds(20));
        await peer.CheckAsync(useCandidate: false);   // a consent refresh (RFC 7675 §5.1)
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(listener.Closed.Task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(TransportCloseReason.ConsentExpired, await listener.Closed.Task.WaitAsync(Wait));
        Assert.False(transport.IsConnected);
        Assert.False(transport.SendRtp(TestPackets.Rtp(1, 1)));
        Assert.Equal(0, harness.Node.Stats.ActiveTransports);
    }

    [Fact]
    public async Task Transport_whose_peer_never_connects_closes_with_ice_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo, time);
        var (transport, listener, _) = harness.Prepare(); // signaled, but the peer sends nothing

        time.Advance(TimeSpan.FromSeconds(14));
        await Task.Delay(50);
        Assert.False(listener.Closed.Task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TransportCloseReason.IceTimeout, await listener.Closed.Task.WaitAsync(Wait));
        Assert.True(transport.IsClosed);
    }

    [Fact]
    public async Task Transport_not_yet_signaled_has_no_connect_deadline_until_the_peer_parameters_arrive()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo, time);
        var listener = new RecordingListener();
        WebRtcTransport transport = harness.Node.CreateTransport(listener);

        // A subscriber connection of a participant alone in a room: nothing to offer for a long time.
        for (int i = 0; i < 12; i++) time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        Assert.False(listener.Closed.Task.IsCompleted);
        Assert.False(transport.IsClosed);

        var peer = new TestPeer(transport, harness.Node.Port);
        await using (peer)
        {
            transport.SetRemoteParameters(peer.Credentials.UsernameFragment, peer.Credentials.Password, [peer.Certificate.Fingerprint]);
            time.Advance(TimeSpan.FromSeconds(16));
            Assert.Equal(TransportCloseReason.IceTimeout, await listener.Closed.Task.WaitAsync(Wait));
        }
    }

    [Fact]
    public async Task Client_with_a_certificate_not_in_the_sdp_fails_dtls()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var listener = new RecordingListener();
        WebRtcTransport transport = harness.Node.CreateTransport(listener);
        await using var peer = new TestPeer(transport, harness.Node.Port, new DtlsSessionOptions { HandshakeTimeoutMillis = 3000 });
        DtlsCertificate other = DtlsCertificate.Generate();
        transport.SetRemoteParameters(peer.Credentials.UsernameFragment, peer.Credentials.Password, [other.Fingerprint]);

        await Assert.ThrowsAnyAsync<Exception>(() => peer.ConnectAsync(Wait));

        Assert.Equal(TransportCloseReason.DtlsFailed, await listener.Closed.Task.WaitAsync(Wait));
        Assert.False(listener.Connected.Task.IsCompleted);
    }

    [Fact]
    public async Task Closing_a_transport_tells_the_listener_and_sends_close_notify_to_the_client()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, listener, peer) = await harness.ConnectAsync();
        var clientClosed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.Dtls!.Closed += (_, reason) => clientClosed.TrySetResult(reason);

        transport.Close();

        Assert.Equal(TransportCloseReason.Closed, await listener.Closed.Task.WaitAsync(Wait));
        Assert.Contains("close_notify", await clientClosed.Task.WaitAsync(Wait));
        Assert.False(transport.SendRtp(TestPackets.Rtp(1, 1)));
    }

    [Fact]
    public async Task Client_close_notify_closes_the_transport()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (_, listener, peer) = await harness.ConnectAsync();

        peer.Dtls!.Close();

        Assert.Equal(TransportCloseReason.DtlsClosed, await listener.Closed.Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task Client_moving_to_a_new_port_keeps_sending_and_receiving_media()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (transport, listener, peer) = await harness.ConnectAsync();
        int oldPort = peer.LocalEndPoint.Port;

        await peer.MoveToNewPortAsync();

        Assert.NotEqual(oldPort, peer.LocalEndPoint.Port);
        Assert.Equal(peer.LocalEndPoint, transport.RemoteEndPoint);
        Assert.Equal(1, transport.Stats.IceAddressChanges);
        byte[] down = TestPackets.Rtp(0xD0, 1);
        Assert.True(transport.SendRtp(down));
        Assert.Equal(down, await TestPeer.ReadAsync(peer.Rtp, Wait));
        await NodeHarness.AssertClientMediaFlowsAsync(peer, listener);
    }

    [Fact]
    public async Task Disposing_the_node_closes_every_transport()
    {
        NodeHarness harness = await NodeHarness.StartAsync(BatchedIo);
        var (_, first, _) = await harness.ConnectAsync();
        var (_, second, _) = harness.Prepare();

        await harness.Node.DisposeAsync();

        Assert.Equal(TransportCloseReason.Closed, await first.Closed.Task.WaitAsync(Wait));
        Assert.Equal(TransportCloseReason.Closed, await second.Closed.Task.WaitAsync(Wait));
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Invalid_options_are_refused_at_start_with_every_problem_named()
    {
        var node = new SfuNode(new SfuNodeOptions { Port = 70000, ReceiveLoops = 0, ConsentTimeout = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => node.StartAsync());

        Assert.Contains("Sfu:Port", error.Message);
        Assert.Contains("Sfu:ReceiveLoops", error.Message);
        Assert.Contains("Sfu:ConsentTimeout", error.Message);
    }
}

public sealed class TransportLifecycleTestsPerPacketIo : TransportLifecycleTests
{
    protected override bool BatchedIo => false;
}
