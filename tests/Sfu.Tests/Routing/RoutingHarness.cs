using Microsoft.Extensions.Time.Testing;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Tests.Routing;

/// <summary>
/// A room on recording transports and a fake clock. Participants join with browser-shaped offers, answer
/// their subscriber offers like a browser, and send RTP/RTCP as their browser's transport would deliver it.
/// </summary>
internal sealed class RoutingHarness : IDisposable
{
    public RoutingHarness(int maxParticipants = 9, RoutingOptions? options = null)
    {
        Room = new Room("room-1", maxParticipants, Transports, options, Time);
        Room.SubscriberOfferChanged += offer => { lock (OfferEvents) OfferEvents.Add(offer); };
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RecordingTransportFactory Transports { get; } = new();

    public Room Room { get; }

    public List<SubscriberOffer> OfferEvents { get; } = [];

    private uint _nextSsrc = 0x10000000;

    public TestParticipant Join(string? name = null)
    {
        uint audio = _nextSsrc += 0x100, video = _nextSsrc += 0x100;
        Assert.True(Room.TryJoin(name, TestSdp.PublisherOffer(audio, video), out JoinOutcome? outcome, out RoutingError? error), error?.ToString());
        return new TestParticipant(this, outcome!.Participant, audio, video);
    }

    /// <summary>Every participant answers its latest subscriber offer, as the browsers would.</summary>
    public void AnswerAll()
    {
        foreach (Participant participant in Room.Participants)
        {
            if (Room.GetSubscriberOffer(participant.Id) is { } offer)
            {
                Assert.True(Room.TrySetSubscriberAnswer(participant.Id, TestSdp.SubscriberAnswer(offer.Sdp), out RoutingError? error), error?.ToString());
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        // Step in tick-sized slices so the room's timer runs as it would in real time.
        TimeSpan step = TimeSpan.FromMilliseconds(20);
        for (TimeSpan done = TimeSpan.Zero; done < by; done += step) Time.Advance(step);
    }

    public static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            Thread.Sleep(10);
        }
    }

    public void Dispose() => Room.Dispose();
}

internal sealed class TestParticipant(RoutingHarness harness, Participant participant, uint audioSsrc, uint videoSsrc)
{
    public Participant Participant { get; } = participant;

    public string Id => Participant.Id;

    public uint AudioSsrc { get; } = audioSsrc;

    public uint VideoSsrc { get; set; } = videoSsrc;

    public RecordingTransport Publisher => (RecordingTransport)Participant.PublisherTransport!;

    public RecordingTransport Subscriber => (RecordingTransport)Participant.SubscriberTransport;

    /// <summary>The consumer on this participant's subscriber connection that carries <paramref name="publisher"/>'s <paramref name="kind"/>.</summary>
    public Consumer ConsumerOf(TestParticipant publisher, MediaKind kind) =>
        Participant.Consumers.Single(c => c.Producer.Publisher == publisher.Participant && c.Kind == kind);

    public void SendVideo(ushort sequenceNumber, uint timestamp, ReadOnlySpan<byte> payload, uint? ssrc = null) =>
        Publisher.Listener.OnRtp(Publisher, TestRtp.Build(TestSdp.VideoPayloadType, sequenceNumber, timestamp, ssrc ?? VideoSsrc, payload, TestRtp.VideoExtensions()));

    public void SendAudio(ushort sequenceNumber, uint timestamp, ReadOnlySpan<byte> payload) =>
        Publisher.Listener.OnRtp(Publisher, TestRtp.Build(TestSdp.AudioPayloadType, sequenceNumber, timestamp, AudioSsrc, payload, TestRtp.AudioExtensions()));

    public void SendPublisherRtcp(byte[] rtcp) => Publisher.Listener.OnRtcp(Publisher, rtcp);

    public void SendSubscriberRtcp(byte[] rtcp) => Subscriber.Listener.OnRtcp(Subscriber, rtcp);

    /// <summary>RTP this participant's browser received, parsed.</summary>
    public IReadOnlyList<byte[]> ReceivedFrom(Consumer consumer) =>
        Subscriber.SentRtp.Where(p => RtpHeader.TryParse(p, out RtpHeader h) && h.Ssrc == consumer.Ssrc).ToArray();

    public RoutingHarness Harness { get; } = harness;
}

internal static class TestRtp
{
    public static byte[] Build(int payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, byte[] extensions)
    {
        var buffer = new byte[1500];
        Assert.True(RtpPacketWriter.TryWrite(buffer, (byte)payloadType, false, sequenceNumber, timestamp, ssrc, [], extensions, payload, out int written));
        return buffer[..written];
    }

    /// <summary>One-byte extension elements as a publisher sends them: mid, abs-send-time, toffset (not negotiated), orientation.</summary>
    public static byte[] VideoExtensions() => Elements(
        (TestSdp.MidId, "1"u8.ToArray()),
        (TestSdp.AbsSendTimeId, [0x01, 0x02, 0x03]),
        (TestSdp.TimeOffsetId, [0x00, 0x00, 0x07]),
        (TestSdp.VideoOrientationId, [0x01]));

    public static byte[] AudioExtensions() => Elements(
        (TestSdp.MidId, "0"u8.ToArray()),
        (TestSdp.AudioLevelId, [0x9F]),
        (TestSdp.AbsSendTimeId, [0x01, 0x02, 0x03]));

    private static byte[] Elements(params (byte Id, byte[] Value)[] elements)
    {
        var block = new byte[64];
        int offset = 0;
        foreach ((byte id, byte[] value) in elements)
        {
            Assert.True(RtpPacketWriter.TryWriteOneByteElement(block.AsSpan(offset), id, value, out int written));
            offset += written;
        }

        return block[..offset];
    }

    public static Dictionary<byte, byte[]> Extensions(byte[] packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out RtpPacket parsed));
        var result = new Dictionary<byte, byte[]>();
        foreach (RtpHeaderExtensionElement element in parsed.Extensions) result[element.Id] = element.Value.ToArray();
        return result;
    }

    public static RtpHeader Header(byte[] packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        return header;
    }

    public static byte[] Payload(byte[] packet) => Header(packet).GetPayload(packet).ToArray();
}
