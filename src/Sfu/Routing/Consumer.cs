using System.Buffers;
using System.Buffers.Binary;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Rtcp;
using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// One outgoing copy of a producer's track on one subscriber connection (mediasoup's Consumer, LiveKit's
/// DownTrack): its own SSRC, continuous sequence numbers and timestamps (<see cref="RtpStreamRewriter"/>),
/// the payload type the subscriber negotiated. It rewrites header fields only — the payload is never
/// read or written, so end-to-end encrypted frames pass unchanged. Thread model: forwarding (publisher's
/// receive loop), retransmission and sender reports (subscriber's receive loop) take <c>_sync</c>, so one
/// consumer's rewriter sees one caller at a time; the lock is uncontended in steady state.
/// </summary>
public sealed class Consumer : IDisposable
{
    private readonly Lock _sync = new();
    private readonly RtpStreamRewriter _rewriter;
    private readonly IMediaTransport _transport;
    private readonly long _tickFrequency;
    private byte[]? _retransmitBuffer;
    private volatile Producer _producer;
    private volatile bool _active;
    private volatile bool _closed;
    private long _reportedBitrate;
    private long _reportedAt = long.MinValue;
    private int _fractionLost;

    internal Consumer(string id, string mid, Producer producer, Participant subscriber, IMediaTransport transport, uint ssrc, int payloadType, RoutingOptions options, long tickFrequency)
    {
        Id = id;
        Mid = mid;
        _producer = producer;
        Subscriber = subscriber;
        _transport = transport;
        Ssrc = ssrc;
        PayloadType = payloadType;
        Kind = producer.Kind;
        _tickFrequency = tickFrequency;
        _rewriter = new RtpStreamRewriter(producer.Codec.ClockRate, (ushort)Random.Shared.Next(0, 0x8000), (uint)Random.Shared.NextInt64(0, uint.MaxValue));
        _retransmitBuffer = ArrayPool<byte>.Shared.Rent(options.MaxRtpPacketSize);
    }

    public string Id { get; }

    /// <summary>The m= section of the subscriber connection this consumer sends in.</summary>
    public string Mid { get; }

    public MediaKind Kind { get; }

    /// <summary>The SSRC the subscriber sees (announced in our offer's a=ssrc lines).</summary>
    public uint Ssrc { get; }

    /// <summary>The payload type negotiated with the subscriber.</summary>
    public int PayloadType { get; internal set; }

    public Participant Subscriber { get; }

    /// <summary>The producer currently feeding this consumer; replaced when the publisher replaces its track.</summary>
    public Producer Producer => _producer;

    /// <summary>True once the subscriber's answer accepted our section: forwarding starts.</summary>
    public bool IsActive => _active && !_closed;

    public bool IsClosed => _closed;

    public long PacketsSent { get; private set; }
    public long BytesSent { get; private set; }
    public long Retransmissions { get; private set; }
    public long NacksReceived { get; private set; }
    public long KeyFrameRequestsReceived { get; private set; }
    public long Drops { get; private set; }

    /// <summary>This subscriber's share of its REMB for this stream, bits/s (0 = none yet).</summary>
    public ulong ReportedBitrate => (ulong)Interlocked.Read(ref _reportedBitrate);

    internal long ReportedAt => Interlocked.Read(ref _reportedAt);

    /// <summary>Loss fraction (RFC 3550 §6.4.1, /256) of this stream in the subscriber's last receiver report.</summary>
    public int FractionLost => Volatile.Read(ref _fractionLost);

    internal void Activate() => _active = true;

    internal void Attach(Producer producer) => _producer = producer;

    /// <summary>
    /// Sends one packet the producer prepared (extension ids already mapped): patches SSRC, sequence
    /// number, timestamp and payload type in place (RFC 3550 §5.1) and hands it to the transport, which
    /// protects a copy. Called for each consumer in turn on the same buffer.
    /// </summary>
    internal void Forward(Span<byte> packet, uint sourceSsrc, ushort sequenceNumber, uint timestamp, long now)
    {
        // Until ICE and DTLS are up on the subscriber connection there is no one to send to; the
        // rewriter starts with the first packet actually sent, so numbering begins where the subscriber does.
        if (!_active || _closed || !_transport.IsConnected) return;
        lock (_sync)
        {
            if (!_rewriter.TryRewrite(sourceSsrc, sequenceNumber, timestamp, now, _tickFrequency, out ushort outSequence, out uint outTimestamp))
            {
                Drops++;
                return;
            }

            Patch(packet, outSequence, outTimestamp);
            if (_transport.SendRtp(packet))
            {
                PacketsSent++;
                BytesSent += packet.Length;
            }
            else
            {
                Drops++;
            }
        }
    }

    /// <summary>
    /// Answers one NACKed sequence number (RFC 4585 §6.2.1) from the producer's packet cache. False when
    /// the number is not ours to map or the packet is no longer cached.
    /// </summary>
    internal bool Retransmit(ushort outSequenceNumber, long now)
    {
        lock (_sync)
        {
            NacksReceived++;
            if (_closed || _retransmitBuffer is null || !_rewriter.TryMapToSource(outSequenceNumber, out ushort sourceSequence)) return false;
            if (!_producer.TryCopyFromCache(_rewriter.SourceSsrc, sourceSequence, now, _retransmitBuffer, out int length)) return false;
            Span<byte> packet = _retransmitBuffer.AsSpan(0, length);
            uint sourceTimestamp = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
            if (!_rewriter.TryTranslateTimestamp(_rewriter.SourceSsrc, sourceTimestamp, out uint outTimestamp)) return false;
            Patch(packet, outSequenceNumber, outTimestamp);
            if (!_transport.SendRtp(packet)) return false;
            Retransmissions++;
            return true;
        }
    }

    /// <summary>
    /// Translates the publisher's sender report (RFC 3550 §6.4.1) to this consumer's SSRC and timeline and
    /// sends it, so the subscriber can map both of a publisher's streams to one wall clock (lip sync).
    /// </summary>
    internal void OnSenderReport(uint sourceSsrc, ulong ntpTimestamp, uint rtpTimestamp)
    {
        if (!_active || _closed) return;
        Span<byte> report = stackalloc byte[RtcpSenderReport.MinimumLength];
        lock (_sync)
        {
            if (!_rewriter.TryTranslateTimestamp(sourceSsrc, rtpTimestamp, out uint outTimestamp)) return;
            if (RtcpSenderReport.TryWrite(report, Ssrc, ntpTimestamp, outTimestamp, (uint)PacketsSent, (uint)BytesSent, [], out int written))
            {
                _transport.SendRtcp(report.Slice(0, written));
            }
        }
    }

    internal void OnKeyFrameRequest()
    {
        lock (_sync) KeyFrameRequestsReceived++;
        _producer.KeyFrames.Request();
    }

    internal void OnReceiverEstimatedBitrate(ulong bitrate, long now)
    {
        Interlocked.Exchange(ref _reportedBitrate, (long)Math.Min(bitrate, long.MaxValue));
        Interlocked.Exchange(ref _reportedAt, now);
    }

    internal void OnReportBlock(in RtcpReportBlock block) => Volatile.Write(ref _fractionLost, block.FractionLost);

    private void Patch(Span<byte> packet, ushort sequenceNumber, uint timestamp)
    {
        RtpHeaderWriter.SetSsrc(packet, Ssrc);
        RtpHeaderWriter.SetSequenceNumber(packet, sequenceNumber);
        RtpHeaderWriter.SetTimestamp(packet, timestamp);
        RtpHeaderWriter.SetPayloadType(packet, (byte)PayloadType);
    }

    public void Dispose()
    {
        _closed = true;
        lock (_sync)
        {
            byte[]? buffer = _retransmitBuffer;
            _retransmitBuffer = null;
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
