using System.Security.Cryptography;
using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Tests.Routing;

public sealed class NackTests
{
    [Fact]
    public void Subscriber_nack_is_answered_from_the_cache_with_the_packet_it_missed()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        Consumer consumer = bob.ConsumerOf(alice, MediaKind.Video);
        byte[][] payloads = Enumerable.Range(0, 5).Select(_ => RandomNumberGenerator.GetBytes(900)).ToArray();
        for (int i = 0; i < 5; i++) alice.SendVideo((ushort)(1000 + i), (uint)(3000 * i), payloads[i]);
        byte[] original = bob.ReceivedFrom(consumer)[2];
        ushort missed = TestRtp.Header(original).SequenceNumber;
        alice.Publisher.Clear();

        bob.SendSubscriberRtcp(Feedback.Nack(1, consumer.Ssrc, missed));

        IReadOnlyList<byte[]> received = bob.ReceivedFrom(consumer);
        Assert.Equal(6, received.Count);
        byte[] retransmitted = received[^1];
        Assert.Equal(TestRtp.Header(original).SequenceNumber, TestRtp.Header(retransmitted).SequenceNumber);
        Assert.Equal(TestRtp.Header(original).Timestamp, TestRtp.Header(retransmitted).Timestamp);
        Assert.Equal(payloads[2], TestRtp.Payload(retransmitted));
        Assert.Empty(Feedback.NacksTo(alice.Publisher)); // answered by the SFU, not passed on
        Assert.Equal(1, harness.Room.GetStats().Retransmissions);
    }

    [Fact]
    public void Nack_for_a_packet_older_than_the_cache_window_is_ignored()
    {
        using var harness = new RoutingHarness(options: new RoutingOptions { PacketCacheSize = 8 });
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        Consumer consumer = bob.ConsumerOf(alice, MediaKind.Video);
        for (int i = 0; i < 20; i++) alice.SendVideo((ushort)i, (uint)(3000 * i), [(byte)i]);
        IReadOnlyList<byte[]> sent = bob.ReceivedFrom(consumer);

        bob.SendSubscriberRtcp(Feedback.Nack(1, consumer.Ssrc, TestRtp.Header(sent[2]).SequenceNumber)); // overwritten in the ring
        Assert.Equal(20, bob.ReceivedFrom(consumer).Count);

        harness.Time.Advance(TimeSpan.FromSeconds(2)); // in the ring, but older than a second
        bob.SendSubscriberRtcp(Feedback.Nack(1, consumer.Ssrc, TestRtp.Header(sent[19]).SequenceNumber));
        Assert.Equal(20, bob.ReceivedFrom(consumer).Count);
        Assert.Equal(2, harness.Room.GetStats().NacksReceived);
        Assert.Equal(0, harness.Room.GetStats().Retransmissions);
    }

    [Fact]
    public void A_gap_in_the_publishers_sequence_is_nacked_at_once_retried_and_given_up_for_a_key_frame()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        TestParticipant bob = harness.Join();
        harness.AnswerAll();
        harness.Advance(TimeSpan.FromSeconds(1));
        alice.Publisher.Clear();

        alice.SendVideo(100, 0, [1]);
        alice.SendVideo(101, 0, [1]);
        alice.SendVideo(104, 0, [1]);

        Assert.Equal([[102, 103]], Feedback.NacksTo(alice.Publisher));

        harness.Advance(TimeSpan.FromMilliseconds(120));
        Assert.Equal([[102, 103], [102, 103]], Feedback.NacksTo(alice.Publisher));

        alice.SendVideo(103, 0, [1]); // recovered: only 102 is still asked for
        harness.Advance(TimeSpan.FromMilliseconds(120));
        Assert.Equal([102], Feedback.NacksTo(alice.Publisher)[^1]);

        harness.Advance(TimeSpan.FromSeconds(1.2));
        int nacks = Feedback.NacksTo(alice.Publisher).Length;
        Assert.InRange(nacks, 4, 10);
        Assert.Contains(alice.VideoSsrc, Feedback.PlisTo(alice.Publisher)); // gave up: ask for a key frame instead
        harness.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(nacks, Feedback.NacksTo(alice.Publisher).Length);
    }

    [Fact]
    public void Audio_gaps_are_not_nacked()
    {
        using var harness = new RoutingHarness();
        TestParticipant alice = harness.Join();
        harness.Join();
        harness.AnswerAll();

        alice.SendAudio(1, 0, [1]);
        alice.SendAudio(5, 0, [1]);
        harness.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Empty(Feedback.NacksTo(alice.Publisher));
    }
}
