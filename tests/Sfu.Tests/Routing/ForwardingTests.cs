using System.Security.Cryptography;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Rtcp;
using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Routing;

public sealed class ForwardingTests
{
    [Fact]
    public void Subscriber_receives_video_with_its_own_ssrc_payload_type_and_extension_ids_and_the_payload_unchanged()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join("alice");
        TestParticipant bob = harness.Join("bob");
        harness.AnswerAll();
        Consumer consumer = bob.ConsumerOf(alice, MediaKind.Video);

        byte[][] payloads = Enumerable.Range(0, 10).Select(i => RandomNumberGenerator.GetBytes(1100 + i)).ToArray();
        for (int i = 0; i < payloads.Length; i++) alice.SendVideo((ushort)(65530 + i), (uint)(1000 + 3000 * i), payloads[i]);

        IReadOnlyList<byte[]> received = bob.ReceivedFrom(consumer);
        Assert.Equal(10, received.Count);
        for (int i = 0; i < received.Count; i++)
        {
            RtpHeader header = TestRtp.Header(received[i]);
            Assert.Equal(consumer.Ssrc, header.Ssrc);
            Assert.Equal(96, header.PayloadType); // our offer's VP8, not the publisher's 120
            Assert.Equal(payloads[i], TestRtp.Payload(received[i]));
            if (i > 0)
            {
                RtpHeader previous = TestRtp.Header(received[i - 1]);
                Assert.Equal((ushort)(previous.SequenceNumber + 1), header.SequenceNumber);
                Assert.Equal(3000u, header.Timestamp - previous.Timestamp);
            }

            Dictionary<byte, byte[]> extensions = TestRtp.Extensions(received[i]);
            Assert.Equal([0x01], extensions[RoutingCapabilities.SubscriberVideoOrientationId]);
            Assert.Equal(3, extensions[RoutingCapabilities.SubscriberAbsSendTimeId].Length);
            // mid and the unnegotiated toffset are blanked to padding; nothing answers to a foreign id.
            Assert.Equal(2, extensions.Count);
        }

        // The SSRC the subscriber sees is the one our offer announced.
        Assert.Contains($"a=ssrc:{consumer.Ssrc} ", harness.Room.GetSubscriberOffer(bob.Id)!.Sdp);
    }

    [Fact]
    public void Audio_level_moves_to_the_subscriber_id_with_its_value()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();

        alice.SendAudio(7, 960, RandomNumberGenerator.GetBytes(100));

        byte[] packet = Assert.Single(bob.ReceivedFrom(bob.ConsumerOf(alice, MediaKind.Audio)));
        Assert.Equal(111, TestRtp.Header(packet).PayloadType);
        Assert.Equal([0x9F], TestRtp.Extensions(packet)[RoutingCapabilities.SubscriberAudioLevelId]);
    }

    [Fact]
    public void Eight_subscribers_each_get_every_packet_with_their_own_ssrc_and_identical_payload()
    {
        using var harness = new RoutingHarness();
        TestParticipant publisher = harness.Join();
        TestParticipant[] subscribers = Enumerable.Range(0, 8).Select(_ => harness.Join()).ToArray();
        harness.AnswerAll();

        byte[][] payloads = Enumerable.Range(0, 5).Select(_ => RandomNumberGenerator.GetBytes(1200)).ToArray();
        for (int i = 0; i < payloads.Length; i++) publisher.SendVideo((ushort)(100 + i), (uint)(9000 * i), payloads[i]);

        var ssrcs = new HashSet<uint>();
        foreach (TestParticipant subscriber in subscribers)
        {
            Consumer consumer = subscriber.ConsumerOf(publisher, MediaKind.Video);
            ssrcs.Add(consumer.Ssrc);
            IReadOnlyList<byte[]> received = subscriber.ReceivedFrom(consumer);
            Assert.Equal(payloads, received.Select(TestRtp.Payload).ToArray());
        }

        Assert.Equal(8, ssrcs.Count);
        RoomStats stats = harness.Room.GetStats();
        Assert.Equal(9, stats.Participants);
        Assert.Equal(18, stats.Producers);
        Assert.Equal(9 * 8 * 2, stats.Consumers);
        Assert.Equal(40, stats.PacketsForwarded);
    }

    [Fact]
    public void A_replaced_publisher_track_continues_the_subscribers_sequence_and_timestamps_without_renegotiation()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        Consumer consumer = bob.ConsumerOf(alice, MediaKind.Video);
        long bobVersion = harness.Room.GetSubscriberOffer(bob.Id)!.Version;

        for (int i = 0; i < 3; i++) alice.SendVideo((ushort)(500 + i), (uint)(10_000 + 3000 * i), [1, 2, 3]);

        // Alice switches cameras: her new offer carries a new SSRC on the same mid.
        uint newSsrc = alice.VideoSsrc + 0x55;
        Assert.True(harness.Room.TryUpdatePublisher(alice.Id, TestSdp.PublisherOffer(alice.AudioSsrc, newSsrc), out string? answer, out RoutingError? error), error?.ToString());
        Assert.Contains("a=recvonly", answer);
        harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        for (int i = 0; i < 3; i++) alice.SendVideo((ushort)(40_000 + i), (uint)(7_777_777 + 3000 * i), [4, 5, 6], newSsrc);

        RtpHeader[] headers = bob.ReceivedFrom(consumer).Select(TestRtp.Header).ToArray();
        Assert.Equal(6, headers.Length);
        Assert.All(headers, h => Assert.Equal(consumer.Ssrc, h.Ssrc));
        for (int i = 1; i < headers.Length; i++) Assert.Equal((ushort)(headers[i - 1].SequenceNumber + 1), headers[i].SequenceNumber);
        // Across the switch the timestamp advances by the 100 ms that passed: 9000 ticks at 90 kHz.
        Assert.Equal(9000u, headers[3].Timestamp - headers[2].Timestamp);
        Assert.Equal(3000u, headers[4].Timestamp - headers[3].Timestamp);
        Assert.Same(consumer, bob.ConsumerOf(alice, MediaKind.Video));
        Assert.Equal(bobVersion, harness.Room.GetSubscriberOffer(bob.Id)!.Version);
    }

    [Fact]
    public void An_ssrc_learned_from_the_mid_extension_is_forwarded_when_the_offer_announced_none()
    {
        using var harness = new RoutingHarness();
        Assert.True(harness.Room.TryJoin(null, TestSdp.PublisherOffer(0, 0, announceSsrcs: false), out JoinOutcome? joined, out RoutingError? error), error?.ToString());
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        var alice = new TestParticipant(harness, joined!.Participant, 0, 0xABCDEF);

        alice.SendVideo(1, 1, [9, 9, 9]);

        byte[] packet = Assert.Single(bob.ReceivedFrom(bob.ConsumerOf(alice, MediaKind.Video)));
        Assert.Equal([9, 9, 9], TestRtp.Payload(packet));
        Assert.Equal(0xABCDEFu, alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video).Ssrc);
    }

    [Fact]
    public void Nothing_is_forwarded_to_a_subscriber_before_its_answer()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();

        alice.SendVideo(1, 1, [1]);

        Assert.Empty(bob.Subscriber.SentRtp);
        Assert.Equal(0, harness.Room.GetStats().PacketsForwarded);
    }

    [Fact]
    public void Publisher_sender_report_reaches_the_subscriber_translated_to_its_ssrc_and_timeline()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        Consumer consumer = bob.ConsumerOf(alice, MediaKind.Video);
        alice.SendVideo(10, 90_000, [1]);
        uint forwardedTimestamp = TestRtp.Header(bob.ReceivedFrom(consumer)[0]).Timestamp;

        var sr = new byte[RtcpSenderReport.MinimumLength];
        Assert.True(RtcpSenderReport.TryWrite(sr, alice.VideoSsrc, 0xE000_0000_8000_0000, 93_000, 1, 1, [], out _));
        alice.SendPublisherRtcp(sr);

        byte[] report = Assert.Single(bob.Subscriber.SentRtcp, p => p[1] == RtcpPacketType.SenderReport);
        Assert.True(RtcpSenderReport.TryParse(report, out RtcpSenderReport translated));
        Assert.Equal(consumer.Ssrc, translated.Ssrc);
        Assert.Equal(0xE000_0000_8000_0000, translated.NtpTimestamp);
        Assert.Equal(forwardedTimestamp + 3000, translated.RtpTimestamp);
    }

    [Fact]
    public void Subscriber_offer_lists_every_other_participants_tracks_with_msid_of_the_publisher()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        TestParticipant carol = harness.Join();

        SubscriberOffer offer = harness.Room.GetSubscriberOffer(carol.Id)!;
        Assert.True(SdpParser.TryParse(offer.Sdp, out SessionDescription? parsed, out _));
        Assert.Equal(4, parsed!.Media.Count);
        Assert.All(parsed.Media, m => Assert.Equal(SdpDirection.SendOnly, m.Direction));
        Assert.Equal(2, parsed.Media.Count(m => m.Msid!.StartsWith(alice.Id + " ", StringComparison.Ordinal)));
        Assert.Equal(2, parsed.Media.Count(m => m.Msid!.StartsWith(bob.Id + " ", StringComparison.Ordinal)));
        // Alice's offer was renegotiated twice (bob, then carol joined).
        Assert.Equal(2, harness.Room.GetSubscriberOffer(alice.Id)!.Version);
    }
}
