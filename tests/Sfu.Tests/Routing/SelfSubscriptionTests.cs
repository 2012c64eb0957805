using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Routing;

/// <summary><see cref="JoinOptions.SubscribeToSelf"/>: a participant who asked for it receives its own stream back (the one-browser loopback check).</summary>
public sealed class SelfSubscriptionTests
{
    [Fact]
    public void A_participant_joining_with_subscribe_to_self_is_offered_its_own_tracks_and_receives_its_own_rtp()
    {
        using var harness = new RoutingHarness();

        Assert.True(harness.Room.TryJoin(null, TestSdp.PublisherOffer(0x1111, 0x2222), new JoinOptions(SubscribeToSelf: true), out JoinOutcome? outcome, out RoutingError? error), error?.ToString());

        var self = new TestParticipant(harness, outcome!.Participant, 0x1111, 0x2222);
        Assert.NotNull(outcome.SubscriberOffer);
        Assert.True(SdpParser.TryParse(outcome.SubscriberOffer!.Sdp, out SessionDescription? offer, out _));
        Assert.Equal(2, offer!.Media.Count(m => !m.IsRejected));
        Assert.All(offer.Media, m => Assert.Contains(m.Attributes, a => a.Name == "msid" && a.Value!.StartsWith(self.Id + " ", StringComparison.Ordinal)));

        harness.AnswerAll();
        self.SendVideo(1, 90_000, [1, 2, 3]);
        Assert.Single(self.ReceivedFrom(self.ConsumerOf(self, MediaKind.Video)));
    }

    [Fact]
    public void Without_the_option_a_lone_participant_is_offered_nothing_and_others_still_see_the_loopback_participant()
    {
        using var harness = new RoutingHarness();
        TestParticipant plain = harness.Join();
        Assert.Null(harness.Room.GetSubscriberOffer(plain.Id));

        Assert.True(harness.Room.TryJoin(null, TestSdp.PublisherOffer(0x3333, 0x4444), new JoinOptions(SubscribeToSelf: true), out JoinOutcome? outcome, out RoutingError? error), error?.ToString());

        // The loopback participant gets plain's two tracks and its own two; plain gets only the newcomer's, never its own.
        Assert.Equal(4, outcome!.Participant.Consumers.Count);
        Assert.Equal(2, plain.Participant.Consumers.Count);
        Assert.DoesNotContain(plain.Participant.Consumers, c => c.Producer.Publisher == plain.Participant);
    }
}
