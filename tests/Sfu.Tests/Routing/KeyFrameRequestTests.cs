using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Tests.Routing;

public sealed class KeyFrameRequestTests
{
    [Fact]
    public void A_new_subscriber_makes_the_sfu_ask_the_publisher_for_a_key_frame()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        Assert.Empty(Feedback.PlisTo(alice.Publisher)); // no one receives alice yet

        harness.AnswerAll();

        Assert.Equal([alice.VideoSsrc], Feedback.PlisTo(alice.Publisher));
        Assert.Equal([bob.VideoSsrc], Feedback.PlisTo(bob.Publisher));
    }

    [Fact]
    public void Subscriber_pli_and_fir_reach_the_publisher_at_most_once_per_interval_and_late_ones_are_coalesced_not_lost()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        harness.Advance(TimeSpan.FromSeconds(1));
        alice.Publisher.Clear();
        uint consumerSsrc = bob.ConsumerOf(alice, MediaKind.Video).Ssrc;

        bob.SendSubscriberRtcp(Feedback.Pli(1, consumerSsrc));
        bob.SendSubscriberRtcp(Feedback.Fir(1, consumerSsrc));
        bob.SendSubscriberRtcp(Feedback.Pli(1, consumerSsrc));
        Assert.Single(Feedback.PlisTo(alice.Publisher));

        harness.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Single(Feedback.PlisTo(alice.Publisher));
        harness.Advance(TimeSpan.FromMilliseconds(120));
        Assert.Equal([alice.VideoSsrc, alice.VideoSsrc], Feedback.PlisTo(alice.Publisher));

        harness.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, Feedback.PlisTo(alice.Publisher).Length); // nothing pending, nothing more sent
        Assert.Equal(3, harness.Room.GetStats().KeyFrameRequestsReceived);
    }

    [Fact]
    public void Pli_for_an_ssrc_the_subscriber_does_not_receive_is_ignored()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        harness.Advance(TimeSpan.FromSeconds(1));
        alice.Publisher.Clear();

        bob.SendSubscriberRtcp(Feedback.Pli(1, alice.VideoSsrc)); // the publisher's SSRC, not bob's consumer

        harness.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(Feedback.PlisTo(alice.Publisher));
    }
}
