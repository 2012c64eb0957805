using System.Security.Cryptography;
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

    private static TestPeer Connect(NodeHarness harness, ISignaledTransport transport, DtlsCertificate certificate)
    {
        Assert.True(harness.Node.TryGetTransport(transport.Id, out WebRtcTransport? webRtc));
        var peer = new TestPeer(webRtc!, harness.Node.Port, certificate: certificate);
        // The SDP carried placeholder ICE credentials; the peer's real ones arrive like an ICE restart would.
        webRtc!.SetRemoteParameters(peer.Credentials.UsernameFragment, peer.Credentials.Password, [certificate.Fingerprint]);
        return peer;
    }
}
