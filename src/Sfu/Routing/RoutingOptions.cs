namespace RedConnect.Sfu.Routing;

/// <summary>
/// Tunables of the forwarding layer. The defaults follow mediasoup and libwebrtc where they have a
/// published value; every one is a plain number so tests can shrink windows instead of sleeping.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>At most one PLI per producer in this window; later requests are coalesced, not lost (mediasoup KeyFrameRequestManager).</summary>
    public TimeSpan KeyFrameRequestInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Packets kept per video producer to answer subscribers' NACKs (RFC 4585 §6.2.1). ~1 s of 1.5 Mbit/s video.</summary>
    public int PacketCacheSize { get; init; } = 512;

    /// <summary>A cached packet older than this is not retransmitted: the subscriber's jitter buffer has given up on it.</summary>
    public TimeSpan PacketCacheMaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often one missing sequence number is NACKed to the publisher at most (mediasoup: MaxNackRetries = 10).</summary>
    public int NackMaxRetries { get; init; } = 10;

    /// <summary>Pause between two NACKs for the same packet; roughly one round trip on the networks we serve.</summary>
    public TimeSpan NackRetryInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>After this long a missing packet is given up and a key frame requested instead.</summary>
    public TimeSpan NackMaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Lower clamp of the REMB the SFU forwards to a publisher (bits/s).</summary>
    public ulong MinimumBitrate { get; init; } = 30_000;

    /// <summary>Upper clamp of the REMB the SFU forwards to a publisher (bits/s).</summary>
    public ulong MaximumBitrate { get; init; } = 2_500_000;

    /// <summary>REMB and receiver reports go to each publisher at this period (draft-alvestrand-rmcat-remb-03 §2: "at most once per second" is what we choose).</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A subscriber's REMB older than this no longer limits its publishers.</summary>
    public TimeSpan BitrateReportMaxAge { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Period of the room's housekeeping timer (NACK retries, coalesced PLIs).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Largest RTP packet the SFU forwards; bigger ones cannot be a single UDP datagram on our paths.</summary>
    public int MaxRtpPacketSize { get; init; } = 1500;

    public static RoutingOptions Default { get; } = new();
}
