using RedConnect.Sfu.Node;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Rtcp;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Routing;

public sealed class MembershipTests
{
    [Fact]
    public void When_the_last_other_participant_leaves_the_subscriber_offer_keeps_one_bundled_section()
    {
        // Regression: rejecting every section made Chromium close the subscriber's DTLS transport (close_notify),
        // and the SFU then removed the participant who had merely been left alone.
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();

        Assert.True(harness.Room.Leave(alice.Id, ParticipantLeaveReason.Left));

        SubscriberOffer offer = harness.Room.GetSubscriberOffer(bob.Id)!;
        Assert.True(SdpParser.TryParse(offer.Sdp, out SessionDescription? parsed, out _));
        MediaDescription kept = Assert.Single(parsed!.Media, m => !m.IsRejected);
        Assert.Equal(parsed.Media[0].Mid, kept.Mid);
        Assert.Equal([kept.Mid!], parsed.BundleMids);
        Assert.DoesNotContain("a=ssrc", offer.Sdp);

        // Someone new publishes: new live sections come after it; the idle one stays idle.
        TestParticipant carol = harness.Join();
        harness.AnswerAll();
        SubscriberOffer next = harness.Room.GetSubscriberOffer(bob.Id)!;
        Assert.True(SdpParser.TryParse(next.Sdp, out SessionDescription? again, out _));
        Assert.Equal(3, again!.Media.Count(m => !m.IsRejected));
        Assert.Equal(2, bob.Participant.Consumers.Count(c => c.Producer.Publisher == carol.Participant && c.IsActive));
    }

    [Fact]
    public void Leaving_closes_the_others_consumers_and_renegotiates_them_with_stopped_sections()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        TestParticipant carol = harness.Join();
        harness.AnswerAll();
        Consumer bobsViewOfAlice = bob.ConsumerOf(alice, MediaKind.Video);
        long bobVersion = harness.Room.GetSubscriberOffer(bob.Id)!.Version;
        harness.OfferEvents.Clear();

        Assert.True(harness.Room.Leave(alice.Id, ParticipantLeaveReason.Left));

        Assert.True(bobsViewOfAlice.IsClosed);
        Assert.DoesNotContain(bob.Participant.Consumers, c => c.Producer.Publisher == alice.Participant);
        Assert.Equal(new[] { bob.Id, carol.Id }.Order(), harness.OfferEvents.Select(o => o.ParticipantId).Order());
        SubscriberOffer offer = harness.Room.GetSubscriberOffer(bob.Id)!;
        Assert.Equal(bobVersion + 1, offer.Version);
        Assert.True(SdpParser.TryParse(offer.Sdp, out SessionDescription? parsed, out _));
        MediaDescription stopped = parsed!.FindMedia(bobsViewOfAlice.Mid)!;
        Assert.True(stopped.IsRejected);
        // Carol's audio and video stay; the first section (Alice's audio) idles instead of stopping: it carries the
        // bundled transport (inactive, no SSRC, no msid — nothing is received on it).
        Assert.Equal(3, parsed.Media.Count(m => !m.IsRejected));
        MediaDescription first = parsed.Media[0];
        Assert.False(first.IsRejected);
        Assert.Contains(first.Mid, parsed.BundleMids);
        Assert.Contains("a=inactive", offer.Sdp);
        Assert.DoesNotContain(alice.Id, offer.Sdp); // her stream id is nowhere in the offer any more
        Assert.DoesNotContain(bobsViewOfAlice.Mid, parsed.BundleMids);
        Assert.True(alice.Publisher.Closed);
        Assert.True(alice.Subscriber.Closed);

        RoomStats stats = harness.Room.GetStats();
        Assert.Equal(2, stats.Participants);
        Assert.Equal(4, stats.Producers);
        Assert.Equal(4, stats.Consumers);

        // Bob answers the new offer; the remaining media flows on.
        harness.AnswerAll();
        carol.SendVideo(1, 1, [7]);
        Assert.Single(bob.ReceivedFrom(bob.ConsumerOf(carol, MediaKind.Video)));
    }

    [Fact]
    public async Task Consent_expiry_on_a_transport_removes_the_participant()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        var left = new TaskCompletionSource<ParticipantLeaveReason>();
        harness.Room.ParticipantLeft += (p, reason) => { if (p.Id == alice.Id) left.TrySetResult(reason); };

        alice.Subscriber.Listener.OnClosed(alice.Subscriber, TransportCloseReason.ConsentExpired);

        Assert.Equal(ParticipantLeaveReason.TransportClosed, await left.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(bob.Participant.Consumers);
        Assert.Null(harness.Room.Find(alice.Id));
    }

    [Fact]
    public void Rtcp_bye_for_all_published_streams_removes_the_participant()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        harness.Join();
        var bye = new byte[64];
        Assert.True(RtcpBye.TryWrite(bye, [alice.AudioSsrc, alice.VideoSsrc], "bye"u8, out int written));

        alice.SendPublisherRtcp(bye[..written]);

        RoutingHarness.WaitUntil(() => harness.Room.Find(alice.Id) is null, "alice to leave after BYE");
        Assert.Equal(1, harness.Room.ParticipantCount);
    }

    [Fact]
    public void A_join_beyond_the_room_limit_is_refused_with_room_full_and_changes_nothing()
    {
        using var harness = new RoutingHarness(maxParticipants: 2);
        harness.Join();
        harness.Join();
        int transports = harness.Transports.Created.Count;

        Assert.False(harness.Room.TryJoin("third", TestSdp.PublisherOffer(5, 6), out JoinOutcome? outcome, out RoutingError? error));

        Assert.Null(outcome);
        Assert.Equal(RoutingError.RoomFull, error!.Code);
        Assert.Contains("2", error.Message);
        Assert.Equal(2, harness.Room.ParticipantCount);
        Assert.Equal(transports, harness.Transports.Created.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v=0\r\nthis is not sdp")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")]
    public void A_malformed_publisher_offer_is_refused_with_invalid_sdp_and_changes_nothing(string sdp)
    {
        using var harness = new RoutingHarness();
        harness.Join();

        Assert.False(harness.Room.TryJoin(null, sdp, out _, out RoutingError? error));

        Assert.Equal(RoutingError.InvalidSdp, error!.Code);
        Assert.Equal(1, harness.Room.ParticipantCount);
        Assert.Equal(2, harness.Transports.Created.Count);
    }

    [Fact]
    public void A_subscriber_answer_that_would_make_us_the_dtls_client_is_refused()
    {
        using var harness = new RoutingHarness();
        harness.Join();
        TestParticipant bob = harness.Join();
        string answer = TestSdp.SubscriberAnswer(harness.Room.GetSubscriberOffer(bob.Id)!.Sdp).Replace("a=setup:active", "a=setup:passive", StringComparison.Ordinal);

        Assert.False(harness.Room.TrySetSubscriberAnswer(bob.Id, answer, out RoutingError? error));

        Assert.Equal(RoutingError.InvalidSdp, error!.Code);
        Assert.All(bob.Participant.Consumers, c => Assert.False(c.IsActive));
        Assert.Null(bob.Subscriber.Remote);
    }

    [Fact]
    public void Garbage_rtp_and_rtcp_are_counted_as_drops_and_forward_nothing()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();

        alice.Publisher.Listener.OnRtp(alice.Publisher, [0x80, 0x60]);
        alice.Publisher.Listener.OnRtp(alice.Publisher, new byte[200]);
        alice.Publisher.Listener.OnRtp(alice.Publisher, TestRtp.Build(TestSdp.VideoPayloadType, 1, 1, 0xDEAD, [1], [])); // unknown SSRC, no mid
        alice.Publisher.Listener.OnRtp(alice.Publisher, TestRtp.Build(99, 1, 1, 0xBEEF, [1], TestRtp.VideoExtensions())); // mid, but not our codec
        alice.SendPublisherRtcp([0x81, 0xC8, 0xFF, 0xFF]);
        bob.SendSubscriberRtcp([0x81, 0xCE, 0x00, 0x09, 1, 2]);

        Assert.True(bob.Subscriber.SentRtp.Count == 0, string.Join(" | ", bob.Subscriber.SentRtp.Select(p => Convert.ToHexString(p))));
        Assert.Equal(6, harness.Room.GetStats().Drops);
    }

    [Fact]
    public async Task Waiting_for_a_subscriber_offer_completes_when_someone_joins()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        Assert.Null(harness.Room.GetSubscriberOffer(alice.Id));
        Task<SubscriberOffer?> wait = harness.Room.WaitForSubscriberOfferAsync(alice.Id, 0, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        harness.Join();

        Assert.Equal(1, (await wait.WaitAsync(TimeSpan.FromSeconds(5)))!.Version);
    }
}
