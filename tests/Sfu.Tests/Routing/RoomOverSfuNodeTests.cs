using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Tests.Node;

namespace RedConnect.Sfu.Tests.Routing;

/// <summary>
/// The whole stack on loopback UDP: a Room on a real <see cref="SfuNode"/>, two synthetic peers (the
/// node suite's <see cref="TestPeer"/>: ICE, DTLS, SRTP from our own layers) — A publishes, B subscribes.
/// </summary>
public sealed class RoomOverSfuNodeTests
{
    [Fact]
    public async Task Rtp_published_by_a_reaches_b_decrypted_with_bs_ssrc_mapping_and_the_payload_unchanged()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync();
        using var room = new Room("integration", 9, new SfuNodeTransportFactory(harness.Node));
        DtlsCertificate certificate = DtlsCertificate.Generate();
        string fingerprint = certificate.SdpFingerprint;
        const uint audioSsrc = 0x0A0A0A0A, videoSsrc = 0x0B0B0B0B;

        Assert.True(room.TryJoin("a", TestSdp.PublisherOffer(audioSsrc, videoSsrc, fingerprint: fingerprint), out JoinOutcome? a, out RoutingError? error), error?.ToString());
        Assert.True(room.TryJoin("b", null, out JoinOutcome? b, out error), error?.ToString());
        Assert.NotNull(b!.SubscriberOffer);
        Assert.True(room.TrySetSubscriberAnswer(b.Participant.Id, TestSdp.SubscriberAnswer(b.SubscriberOffer.Sdp, fingerprint: fingerprint), out error), error?.ToString());

        await using TestPeer publisher = Connect(harness, a!.Participant.PublisherTransport!, certificate);
        await using TestPeer subscriber = Connect(harness, b.Participant.SubscriberTransport, certificate);
        await Task.WhenAll(publisher.ConnectAsync(NodeHarness.Wait), subscriber.ConnectAsync(NodeHarness.Wait));

        Consumer consumer = b.Participant.Consumers.Single(c => c.Kind == MediaKind.Video);
        byte[] payload = RandomNumberGenerator.GetBytes(1000);
        byte[] received = [];
        for (int attempt = 0; attempt < 50 && received.Length == 0; attempt++)
        {
            publisher.SendRtp(TestRtp.Build(TestSdp.VideoPayloadType, (ushort)(100 + attempt), (uint)(3000 * attempt), videoSsrc, payload, TestRtp.VideoExtensions()));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                while (true)
                {
                    byte[] packet = await subscriber.Rtp.Reader.ReadAsync(wait.Token);
                    if (RtpHeader.TryParse(packet, out RtpHeader h) && h.Ssrc == consumer.Ssrc)
                    {
                        received = packet;
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.NotEmpty(received);
        RtpHeader header = TestRtp.Header(received);
        Assert.Equal(consumer.Ssrc, header.Ssrc);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(payload, TestRtp.Payload(received));
        Assert.True(room.GetStats().PacketsForwarded >= 1);
    }

    [Fact]
    public async Task A_participant_alone_in_the_room_stays_past_the_connect_timeout_and_later_subscribes()
    {
        // Regression: the subscriber transport's connect deadline used to run from its creation at join, so
        // the first participant of a room (nothing to subscribe to, nothing offered) was removed after 15 s.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo: true, time);
        using var room = new Room("alone", 9, new SfuNodeTransportFactory(harness.Node), timeProvider: time);
        var left = new List<string>();
        room.ParticipantLeft += (p, reason) => { lock (left) left.Add($"{p.Name}: {reason}"); };
        DtlsCertificate certificate = DtlsCertificate.Generate();
        string fingerprint = certificate.SdpFingerprint;

        Assert.True(room.TryJoin("first", TestSdp.PublisherOffer(0x0A01, 0x0B01, fingerprint: fingerprint), out JoinOutcome? first, out RoutingError? error), error?.ToString());
        Assert.Null(first!.SubscriberOffer);
        await using TestPeer publisher = Connect(harness, first.Participant.PublisherTransport!, certificate);
        await publisher.ConnectAsync(NodeHarness.Wait);
        await ServerSideConnectedAsync(first.Participant.PublisherTransport!); // before fake time jumps past the deadline

        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await publisher.CheckAsync(useCandidate: false); // consent refresh, as a browser sends every ~5 s
        }

        await Task.Delay(100);
        Assert.Empty(left);
        Assert.NotNull(room.Find(first.Participant.Id));

        // Someone else publishes: the first participant now gets an offer, answers it and connects in time.
        SubscriberOffer? offered = null;
        room.SubscriberOfferChanged += o => { if (o.ParticipantId == first.Participant.Id) offered = o; };
        Assert.True(room.TryJoin("second", TestSdp.PublisherOffer(0x0A02, 0x0B02, fingerprint: fingerprint), out _, out error), error?.ToString());
        Assert.NotNull(offered);
        Assert.True(room.TrySetSubscriberAnswer(first.Participant.Id, TestSdp.SubscriberAnswer(offered!.Sdp, fingerprint: fingerprint), out error), error?.ToString());
        await using TestPeer subscriber = Connect(harness, first.Participant.SubscriberTransport, certificate);
        await subscriber.ConnectAsync(NodeHarness.Wait);
        await ServerSideConnectedAsync(first.Participant.SubscriberTransport);
        time.Advance(TimeSpan.FromSeconds(16));
        await Task.Delay(100);

        Assert.True(first.Participant.SubscriberTransport.IsConnected);
        Assert.DoesNotContain(left, l => l.StartsWith("first", StringComparison.Ordinal));
    }

    /// <summary>The peer's handshake can finish a moment before the node's own side has taken the keys.</summary>
    private static async Task ServerSideConnectedAsync(ISignaledTransport transport)
    {
        for (int i = 0; i < 250 && !transport.IsConnected; i++) await Task.Delay(20);
        Assert.True(transport.IsConnected, "the node never finished its side of the handshake");
    }

    private static TestPeer Connect(NodeHarness harness, ISignaledTransport transport, DtlsCertificate certificate)
    {
        Assert.True(harness.Node.TryGetTransport(transport.Id, out WebRtcTransport? webRtc));
        var peer = new TestPeer(webRtc!, harness.Node.Port, certificate: certificate);
        // The SDP carried placeholder ICE credentials; the peer's real ones arrive like an ICE restart would.
        webRtc!.SetRemoteParameters(peer.Credentials.UsernameFragment, peer.Credentials.Password, [certificate.Fingerprint]);
        return peer;
    }
}
