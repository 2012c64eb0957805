using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Tests.Routing;

public sealed class BandwidthTests
{
    [Fact]
    public void Publisher_gets_the_lowest_remb_of_its_subscribers_once_per_second()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        TestParticipant carol = harness.Join();
        harness.AnswerAll();
        alice.SendVideo(1, 1, [1]);
        harness.Advance(TimeSpan.FromSeconds(1));
        alice.Publisher.Clear();

        // Bob receives two videos (alice, carol) on one connection: his 1.6 Mbit/s is shared.
        bob.SendSubscriberRtcp(Feedback.Remb(1, 1_600_000, bob.ConsumerOf(alice, MediaKind.Video).Ssrc, bob.ConsumerOf(carol, MediaKind.Video).Ssrc));
        carol.SendSubscriberRtcp(Feedback.Remb(1, 300_000, carol.ConsumerOf(alice, MediaKind.Video).Ssrc));
        harness.Advance(TimeSpan.FromSeconds(1.01));

        var rembs = Feedback.RembsTo(alice.Publisher);
        (ulong bitrate, uint[] ssrcs) = Assert.Single(rembs);
        Assert.Equal(300_000UL, bitrate, tolerance: 300_000UL / 1000);
        Assert.Equal([alice.VideoSsrc], ssrcs);

        harness.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Single(Feedback.RembsTo(alice.Publisher));
        harness.Advance(TimeSpan.FromMilliseconds(520));
        Assert.Equal(2, Feedback.RembsTo(alice.Publisher).Length);
    }

    [Theory]
    [InlineData(5_000UL, 30_000UL)]
    [InlineData(50_000_000UL, 2_500_000UL)]
    public void Forwarded_remb_is_clamped(ulong reported, ulong expected)
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        bob.SendSubscriberRtcp(Feedback.Remb(1, reported, bob.ConsumerOf(alice, MediaKind.Video).Ssrc));

        harness.Advance(TimeSpan.FromSeconds(1.1));

        Assert.Equal(expected, Feedback.RembsTo(alice.Publisher)[^1].Bitrate, tolerance: expected / 1000);
    }

    [Fact]
    public void Heavy_loss_reported_by_a_subscriber_lowers_its_estimate()
    {
        var consumers = new List<Consumer>();
        Assert.False(RembAggregation.TryAggregate(consumers, 0, 100, 30_000, 2_500_000, out _));

        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        Consumer consumer = bob.ConsumerOf(alice, MediaKind.Video);
        bob.SendSubscriberRtcp(Feedback.Remb(1, 1_000_000, consumer.Ssrc));
        var rr = new byte[32];
        Assert.True(RedConnect.Sfu.Rtcp.RtcpReceiverReport.TryWrite(rr, 1, [new RedConnect.Sfu.Rtcp.RtcpReportBlock(consumer.Ssrc, 128, 10, 100, 0, 0, 0)], out _));
        bob.SendSubscriberRtcp(rr); // 50 % loss

        Assert.True(RembAggregation.TryAggregate(alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video).Consumers, harness.Time.GetTimestamp(), long.MaxValue, 30_000, 2_500_000, out ulong bitrate));
        Assert.Equal(750_000UL, bitrate, tolerance: 1_000UL);
    }
}
