namespace RedConnect.Sfu.Routing;

/// <summary>Running sums behind <see cref="RoomStats"/>: live objects are added at read time, departed ones when they close.</summary>
internal struct RoomTotals
{
    public long PacketsReceived, BytesReceived, PacketsForwarded, BytesForwarded, NacksReceived, NacksSent;
    public long Retransmissions, KeyFrameRequestsReceived, PlisSent, RembsSent, Drops, SrtpFailures;

    public void Add(Producer producer)
    {
        PacketsReceived += producer.PacketsReceived;
        BytesReceived += producer.BytesReceived;
        NacksSent += producer.NacksSent;
        PlisSent += producer.KeyFrames.Sent;
        RembsSent += producer.RembsSent;
        Drops += producer.Drops;
    }

    public void Add(Consumer consumer)
    {
        PacketsForwarded += consumer.PacketsSent;
        BytesForwarded += consumer.BytesSent;
        NacksReceived += consumer.NacksReceived;
        Retransmissions += consumer.Retransmissions;
        KeyFrameRequestsReceived += consumer.KeyFrameRequestsReceived;
        Drops += consumer.Drops;
    }

    public readonly RoomStats ToStats(string roomId, int maxParticipants, int participants, int producers, int consumers) => new(
        roomId, maxParticipants, participants, producers, consumers, PacketsReceived, BytesReceived, PacketsForwarded, BytesForwarded,
        NacksReceived, NacksSent, Retransmissions, KeyFrameRequestsReceived, PlisSent, RembsSent, Drops, SrtpFailures);
}
