using RedConnect.Sfu.Node;
using RedConnect.Sfu.Rtcp;
using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Routing;

/// <summary>Why a participant left its room.</summary>
public enum ParticipantLeaveReason
{
    /// <summary>The control API asked (the signaling saw the browser go).</summary>
    Left,
    /// <summary>The browser sent RTCP BYE (RFC 3550 §6.6) for all the streams it published.</summary>
    Goodbye,
    /// <summary>One of its transports closed: consent expired (RFC 7675), ICE or DTLS failed, close_notify.</summary>
    TransportClosed,
    /// <summary>The room was closed.</summary>
    RoomClosed,
}

/// <summary>
/// One person in a room, LiveKit-style with two peer connections: the publisher transport carries what
/// the browser sends (its producers), the subscriber transport what it receives (its consumers). It
/// receives the transports' callbacks and routes them: RTP to producers; on the publisher side SR and BYE;
/// on the subscriber side PLI, FIR, NACK, REMB and RR. A BYE on the subscriber
/// connection is not taken as leaving: a receiver may send one when a section is stopped. Producer and consumer lists are copy-on-write
/// arrays, replaced under the room lock and read lock-free by the receive loops.
/// </summary>
public sealed class Participant
{
    private readonly Room _room;
    private Producer[] _producers = [];
    private Consumer[] _consumers = [];
    private TaskCompletionSource _offerChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Participant(Room room, string id, string? name)
    {
        _room = room;
        Id = id;
        Name = name;
        FeedbackSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        Negotiation = new SubscriberNegotiation(id);
        PublisherListener = new PublisherEndpoint(this);
        SubscriberListener = new SubscriberEndpoint(this);
    }

    public string Id { get; }

    /// <summary>Display name from the room token, if any. Never patient data: the signaling decides what goes here.</summary>
    public string? Name { get; }

    public string RoomId => _room.Id;

    /// <summary>The SSRC the SFU uses as sender of its RTCP feedback to this participant (RFC 4585 §6.1 "packet sender").</summary>
    public uint FeedbackSsrc { get; }

    public ISignaledTransport? PublisherTransport { get; internal set; }

    public ISignaledTransport SubscriberTransport { get; internal set; } = null!;

    public IReadOnlyList<Producer> Producers => Volatile.Read(ref _producers);

    public IReadOnlyList<Consumer> Consumers => Volatile.Read(ref _consumers);

    public bool HasLeft { get; internal set; }

    /// <summary>Consumes its own producers too (<see cref="JoinOptions.SubscribeToSelf"/>, a loopback check).</summary>
    public bool SubscribesToSelf { get; internal init; }

    /// <summary>RTP or RTCP from this participant that did not parse or matched no producer.</summary>
    public long Drops => Interlocked.Read(ref _drops);

    private long _drops;

    internal IMediaTransportListener PublisherListener { get; }

    internal IMediaTransportListener SubscriberListener { get; }

    internal SubscriberNegotiation Negotiation { get; }

    internal string PublisherSessionId { get; } = Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal int PublisherAnswerVersion { get; set; } = 1;

    internal void SetProducers(Producer[] producers) => Volatile.Write(ref _producers, producers);

    internal void SetConsumers(Consumer[] consumers) => Volatile.Write(ref _consumers, consumers);

    internal Task OfferChanged => Volatile.Read(ref _offerChanged).Task;

    internal void SignalOfferChanged() =>
        Interlocked.Exchange(ref _offerChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    internal bool IsSsrcInUse(uint ssrc)
    {
        foreach (Consumer consumer in Volatile.Read(ref _consumers))
        {
            if (consumer.Ssrc == ssrc) return true;
        }

        return ssrc == FeedbackSsrc;
    }

    private Producer? FindProducer(uint ssrc)
    {
        foreach (Producer producer in Volatile.Read(ref _producers))
        {
            if (producer.Ssrc == ssrc) return producer;
        }

        return null;
    }

    private Consumer? FindConsumer(uint ssrc)
    {
        foreach (Consumer consumer in Volatile.Read(ref _consumers))
        {
            if (consumer.Ssrc == ssrc) return consumer;
        }

        return null;
    }

    /// <summary>RFC 8843 §15: an unknown SSRC carrying a mid we negotiated belongs to that mid's producer.</summary>
    private Producer? BindByMid(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        Producer[] producers = Volatile.Read(ref _producers);
        if (producers.Length == 0) return null;
        int midId = producers[0].Description.MidExtensionId;
        if (midId == 0 || !RtpPacket.TryParse(packet, out RtpPacket parsed) || !parsed.TryGetExtension((byte)midId, out ReadOnlySpan<byte> mid)) return null;
        foreach (Producer producer in producers)
        {
            // Only a packet of the negotiated codec may (re)bind: RTX or FEC on the same mid must not steal the SSRC.
            if (producer.MatchesMid(mid) && header.PayloadType == producer.Description.PayloadType && header.Ssrc != producer.Description.RtxSsrc)
            {
                producer.BindSsrc(header.Ssrc);
                return producer;
            }
        }

        return null;
    }

    private void OnPublisherRtp(ReadOnlySpan<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out RtpHeader header))
        {
            Interlocked.Increment(ref _drops);
            return;
        }

        Producer? producer = FindProducer(header.Ssrc) ?? BindByMid(packet, header);
        if (producer is null)
        {
            Interlocked.Increment(ref _drops);
            return;
        }

        producer.OnRtp(packet, header, _room.Time.GetTimestamp());
    }

    private void OnPublisherRtcp(ReadOnlySpan<byte> compound)
    {
        long now = _room.Time.GetTimestamp();
        var reader = new RtcpCompoundReader(compound);
        while (reader.MoveNext())
        {
            RtcpPacketView packet = reader.Current;
            if (packet.PacketType == RtcpPacketType.SenderReport && RtcpSenderReport.TryParse(packet.Buffer, out RtcpSenderReport report))
            {
                FindProducer(report.Ssrc)?.OnSenderReport(report.NtpTimestamp, report.RtpTimestamp, now);
            }
            else if (packet.PacketType == RtcpPacketType.Goodbye && RtcpBye.TryParse(packet.Buffer, out RtcpBye bye))
            {
                int known = 0;
                Producer[] producers = Volatile.Read(ref _producers);
                for (int i = 0; i < bye.SsrcCount; i++)
                {
                    if (FindProducer(bye.GetSsrc(i)) is not null) known++;
                }

                // Closing the connection sends BYE for every stream; that is a participant leaving.
                if (producers.Length > 0 && known == producers.Length) _room.QueueLeave(Id, ParticipantLeaveReason.Goodbye);
            }
        }

        if (reader.Malformed) Interlocked.Increment(ref _drops);
    }

    private void OnSubscriberRtcp(ReadOnlySpan<byte> compound)
    {
        long now = _room.Time.GetTimestamp();
        var reader = new RtcpCompoundReader(compound);
        while (reader.MoveNext())
        {
            RtcpPacketView packet = reader.Current;
            switch (packet.PacketType)
            {
                case RtcpPacketType.PayloadSpecificFeedback:
                    OnPayloadSpecificFeedback(packet, now);
                    break;
                case RtcpPacketType.TransportFeedback when packet.Count == RtcpFeedbackFormat.GenericNack:
                    if (RtcpGenericNack.TryParse(packet.Buffer, out RtcpGenericNack nack) && FindConsumer(nack.MediaSsrc) is Consumer nacked)
                    {
                        foreach (ushort lost in nack.LostSequenceNumbers) nacked.Retransmit(lost, now);
                    }

                    break;
                case RtcpPacketType.ReceiverReport:
                    if (RtcpReceiverReport.TryParse(packet.Buffer, out RtcpReceiverReport report))
                    {
                        for (int i = 0; i < report.ReportBlocks.Count; i++)
                        {
                            RtcpReportBlock block = report.ReportBlocks[i];
                            FindConsumer(block.Ssrc)?.OnReportBlock(block);
                        }
                    }

                    break;
            }
        }

        if (reader.Malformed) Interlocked.Increment(ref _drops);
    }

    private void OnPayloadSpecificFeedback(RtcpPacketView packet, long now)
    {
        switch (packet.Count)
        {
            case RtcpFeedbackFormat.PictureLossIndication:
                if (RtcpPictureLossIndication.TryParse(packet.Buffer, out RtcpPictureLossIndication pli)) FindConsumer(pli.MediaSsrc)?.OnKeyFrameRequest();
                break;
            case RtcpFeedbackFormat.FullIntraRequest:
                if (RtcpFullIntraRequest.TryParse(packet.Buffer, out RtcpFullIntraRequest fir))
                {
                    for (int i = 0; i < fir.Count; i++) FindConsumer(fir[i].Ssrc)?.OnKeyFrameRequest();
                }

                break;
            case RtcpFeedbackFormat.ApplicationLayerFeedback:
                if (RtcpReceiverEstimatedMaxBitrate.TryParse(packet.Buffer, out RtcpReceiverEstimatedMaxBitrate remb)) OnRemb(remb, now);
                break;
        }
    }

    /// <summary>
    /// A subscriber's REMB covers everything it receives on the connection; each video stream it names
    /// gets an equal share, which then limits that stream's publisher (see <see cref="RembAggregation"/>).
    /// </summary>
    private void OnRemb(in RtcpReceiverEstimatedMaxBitrate remb, long now)
    {
        int video = 0;
        for (int i = 0; i < remb.SsrcCount; i++)
        {
            if (FindConsumer(remb.GetSsrc(i)) is { Kind: MediaKind.Video }) video++;
        }

        if (video == 0) return;
        ulong share = remb.Bitrate / (ulong)video;
        for (int i = 0; i < remb.SsrcCount; i++)
        {
            if (FindConsumer(remb.GetSsrc(i)) is { Kind: MediaKind.Video } consumer) consumer.OnReceiverEstimatedBitrate(share, now);
        }
    }

    private void OnSubscriberConnected()
    {
        foreach (Consumer consumer in Volatile.Read(ref _consumers))
        {
            if (consumer.IsActive) consumer.Producer.KeyFrames.Request();
        }
    }

    private void OnTransportClosed(TransportCloseReason reason)
    {
        if (reason != TransportCloseReason.Closed) _room.QueueLeave(Id, ParticipantLeaveReason.TransportClosed);
    }

    private sealed class PublisherEndpoint(Participant participant) : IMediaTransportListener
    {
        public void OnConnected(IMediaTransport transport) { }

        public void OnRtp(IMediaTransport transport, ReadOnlySpan<byte> rtp) => participant.OnPublisherRtp(rtp);

        public void OnRtcp(IMediaTransport transport, ReadOnlySpan<byte> rtcp) => participant.OnPublisherRtcp(rtcp);

        public void OnClosed(IMediaTransport transport, TransportCloseReason reason) => participant.OnTransportClosed(reason);
    }

    private sealed class SubscriberEndpoint(Participant participant) : IMediaTransportListener
    {
        public void OnConnected(IMediaTransport transport) => participant.OnSubscriberConnected();

        // A subscriber connection is sendonly from our side; RTP from the browser on it is ignored.
        public void OnRtp(IMediaTransport transport, ReadOnlySpan<byte> rtp) { }

        public void OnRtcp(IMediaTransport transport, ReadOnlySpan<byte> rtcp) => participant.OnSubscriberRtcp(rtcp);

        public void OnClosed(IMediaTransport transport, TransportCloseReason reason) => participant.OnTransportClosed(reason);
    }
}
