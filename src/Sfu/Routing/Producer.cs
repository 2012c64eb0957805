using System.Buffers;
using System.Text;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Rtcp;
using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// One incoming track of a publisher (mediasoup's Producer): receives the decrypted RTP of one SSRC,
/// keeps receive statistics for RTCP receiver reports, a packet cache and a <see cref="NackGenerator"/>
/// for video, and fans each packet out to its consumers. Thread model: media state (statistics, cache,
/// NACK generator) is guarded by <c>_media</c>, held by the publisher's receive loop per packet and briefly
/// by subscribers' NACK handling and the room tick; the consumer list is a copy-on-write array read
/// without a lock on the hot path and replaced under the room lock.
/// </summary>
public sealed class Producer : IDisposable
{
    private readonly Lock _media = new();
    private readonly RoutingOptions _options;
    private readonly TimeProvider _time;
    private readonly IMediaTransport _publisherTransport;
    private readonly uint _feedbackSsrc;
    private readonly byte[] _midValue;
    private readonly RtpPacketCache? _cache;
    private readonly NackGenerator? _nack;
    private ReceiveStatistics _statistics;
    private byte[]? _forwardBuffer;
    private Consumer[] _consumers = [];
    private volatile uint _ssrc;
    private volatile bool _closed;

    internal Producer(string id, Participant publisher, ProducerDescription description, IMediaTransport publisherTransport, uint feedbackSsrc, RoutingOptions options, TimeProvider timeProvider)
    {
        Id = id;
        Publisher = publisher;
        Description = description;
        _publisherTransport = publisherTransport;
        _feedbackSsrc = feedbackSsrc;
        _options = options;
        _time = timeProvider;
        _ssrc = description.Ssrc;
        _midValue = Encoding.UTF8.GetBytes(description.Mid);
        _statistics = new ReceiveStatistics(description.Codec.ClockRate, timeProvider.TimestampFrequency);
        _forwardBuffer = ArrayPool<byte>.Shared.Rent(options.MaxRtpPacketSize);
        ExtensionMap = new HeaderExtensionMap();
        foreach (SdpExtmap extmap in description.HeaderExtensions)
        {
            ExtensionMap.Add(extmap.Id, RoutingCapabilities.SubscriberIdFor(extmap.Uri));
        }

        KeyFrames = new KeyFrameRequestManager(timeProvider, options.KeyFrameRequestInterval, SendPictureLossIndication);
        if (description.Kind == MediaKind.Video)
        {
            long frequency = timeProvider.TimestampFrequency;
            _cache = new RtpPacketCache(options.PacketCacheSize, options.MaxRtpPacketSize, Ticks(options.PacketCacheMaxAge, frequency));
            _nack = new NackGenerator(Ticks(options.NackRetryInterval, frequency), Ticks(options.NackMaxAge, frequency), options.NackMaxRetries);
        }
    }

    public string Id { get; }

    public Participant Publisher { get; }

    public ProducerDescription Description { get; }

    public string Mid => Description.Mid;

    public MediaKind Kind => Description.Kind;

    public SdpCodec Codec => Description.Codec;

    /// <summary>The SSRC the publisher sends on; 0 until learned from the mid header extension.</summary>
    public uint Ssrc => _ssrc;

    public bool IsClosed => _closed;

    public KeyFrameRequestManager KeyFrames { get; }

    internal HeaderExtensionMap ExtensionMap { get; }

    /// <summary>Consumers fed by this producer (a snapshot).</summary>
    public IReadOnlyList<Consumer> Consumers => Volatile.Read(ref _consumers);

    public long PacketsReceived { get; private set; }
    public long BytesReceived { get; private set; }
    public long NacksSent { get; private set; }
    public long Drops { get; private set; }
    public long RembsSent { get; private set; }
    public ulong LastRembBitrate { get; private set; }

    internal bool MatchesMid(ReadOnlySpan<byte> value) => value.SequenceEqual(_midValue);

    /// <summary>
    /// Binds (or re-binds, RFC 8843 §15 lets a browser change SSRC on a mid) the SSRC learned from the mid
    /// header extension. A new source restarts the statistics, cache and NACK state; consumers keep their
    /// own numbering continuous.
    /// </summary>
    internal void BindSsrc(uint ssrc)
    {
        lock (_media)
        {
            if (_ssrc == ssrc) return;
            _ssrc = ssrc;
            _statistics = new ReceiveStatistics(Codec.ClockRate, _time.TimestampFrequency);
        }

        KeyFrames.Request();
    }

    internal void AddConsumer(Consumer consumer) => _consumers = [.. _consumers, consumer];

    internal void RemoveConsumer(Consumer consumer) => _consumers = Array.FindAll(_consumers, c => c != consumer);

    /// <summary>
    /// The per-packet path, on the publisher's receive loop: statistics, NACK generation, one copy with
    /// extension ids mapped and abs-send-time stamped, into the cache, then out to every consumer.
    /// </summary>
    internal void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header, long now)
    {
        byte[]? buffer = _forwardBuffer;
        if (_closed || buffer is null) return;
        if (header.PayloadType != Description.PayloadType || packet.Length > buffer.Length)
        {
            Drops++;
            return;
        }

        PacketsReceived++;
        BytesReceived += packet.Length;
        Span<byte> forward = buffer.AsSpan(0, packet.Length);
        packet.CopyTo(forward);
        ExtensionMap.Apply(forward, header, HeaderExtensionMap.AbsSendTime(now, _time.TimestampFrequency));

        bool keyFrameNeeded = false;
        lock (_media)
        {
            _statistics.OnPacket(header.SequenceNumber, header.Timestamp, now);
            if (_nack is not null)
            {
                Span<ushort> missing = stackalloc ushort[64];
                int count = _nack.OnPacket(header.SequenceNumber, now, missing, out keyFrameNeeded);
                if (count > 0) SendNack(missing.Slice(0, count));
            }

            _cache?.Store(forward, header.Ssrc, header.SequenceNumber, now);
        }

        if (keyFrameNeeded) KeyFrames.Request();

        foreach (Consumer consumer in Volatile.Read(ref _consumers))
        {
            consumer.Forward(forward, header.Ssrc, header.SequenceNumber, header.Timestamp, now);
        }
    }

    internal void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp, long now)
    {
        lock (_media) _statistics.OnSenderReport(ntpTimestamp, now);
        uint ssrc = _ssrc;
        foreach (Consumer consumer in Volatile.Read(ref _consumers))
        {
            consumer.OnSenderReport(ssrc, ntpTimestamp, rtpTimestamp);
        }
    }

    internal bool TryCopyFromCache(uint ssrc, ushort sequenceNumber, long now, Span<byte> destination, out int length)
    {
        length = 0;
        if (_cache is null) return false;
        lock (_media)
        {
            return !_closed && _cache.TryCopy(ssrc, sequenceNumber, now, destination, out length);
        }
    }

    /// <summary>Housekeeping from the room timer: NACK retries, coalesced PLIs, and when due RR and REMB.</summary>
    internal void OnTick(long now, bool reportDue)
    {
        if (_closed) return;
        KeyFrames.OnTick();
        bool keyFrameNeeded = false;
        if (_nack is not null)
        {
            Span<ushort> missing = stackalloc ushort[NackGenerator.MaxPending];
            lock (_media)
            {
                int count = _nack.OnTick(now, missing, out keyFrameNeeded);
                if (count > 0) SendNack(missing.Slice(0, count));
            }
        }

        if (keyFrameNeeded) KeyFrames.Request();
        if (!reportDue || _ssrc == 0) return;

        SendReceiverReport(now);
        if (Kind == MediaKind.Video) SendRemb(now);
    }

    private void SendReceiverReport(long now)
    {
        Span<byte> report = stackalloc byte[RtcpReceiverReport.MinimumLength + RtcpReportBlock.Length];
        RtcpReportBlock block;
        lock (_media)
        {
            if (!_statistics.TryCreateReportBlock(_ssrc, now, out block)) return;
        }

        if (RtcpReceiverReport.TryWrite(report, _feedbackSsrc, [block], out int written))
        {
            _publisherTransport.SendRtcp(report.Slice(0, written));
        }
    }

    private void SendRemb(long now)
    {
        long maxAge = Ticks(_options.BitrateReportMaxAge, _time.TimestampFrequency);
        if (!RembAggregation.TryAggregate(Volatile.Read(ref _consumers), now, maxAge, _options.MinimumBitrate, _options.MaximumBitrate, out ulong bitrate)) return;
        Span<byte> remb = stackalloc byte[RtcpFeedback.FixedLength + 12];
        ReadOnlySpan<uint> ssrcs = [_ssrc];
        if (RtcpReceiverEstimatedMaxBitrate.TryWrite(remb, _feedbackSsrc, bitrate, ssrcs, out int written)
            && _publisherTransport.SendRtcp(remb.Slice(0, written)))
        {
            RembsSent++;
            LastRembBitrate = bitrate;
        }
    }

    private void SendNack(ReadOnlySpan<ushort> missing)
    {
        Span<byte> nack = stackalloc byte[RtcpFeedback.FixedLength + RtcpGenericNack.ItemLength * NackGenerator.MaxPending];
        if (RtcpGenericNack.TryWrite(nack, _feedbackSsrc, _ssrc, missing, out int written) && _publisherTransport.SendRtcp(nack.Slice(0, written)))
        {
            NacksSent++;
        }
    }

    private void SendPictureLossIndication()
    {
        uint ssrc = _ssrc;
        if (_closed || ssrc == 0 || Kind != MediaKind.Video) return;
        Span<byte> pli = stackalloc byte[RtcpPictureLossIndication.Length];
        if (new RtcpPictureLossIndication(_feedbackSsrc, ssrc).TryWrite(pli, out int written))
        {
            _publisherTransport.SendRtcp(pli.Slice(0, written));
        }
    }

    private static long Ticks(TimeSpan span, long frequency) => (long)(span.TotalSeconds * frequency);

    public void Dispose()
    {
        _closed = true;
        lock (_media)
        {
            _cache?.Dispose();
        }

        // The forward buffer belongs to the publisher's receive loop; a packet in flight may still use it,
        // so it is left to the GC rather than returned to the pool while possibly in use.
        _forwardBuffer = null;
    }
}
