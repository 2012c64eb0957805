namespace RedConnect.Sfu.Node;

/// <summary>A snapshot of an <see cref="SfuNode"/>'s counters over its lifetime (all transports, open or closed).</summary>
public sealed record NodeStats
{
    /// <summary>Datagrams read from the media port.</summary>
    public long PacketsReceived { get; init; }

    public long BytesReceived { get; init; }

    /// <summary>Datagrams written to the media port.</summary>
    public long PacketsSent { get; init; }

    public long BytesSent { get; init; }

    /// <summary>STUN that failed to parse, or a datagram in the STUN range that is not STUN.</summary>
    public long MalformedStun { get; init; }

    public long MalformedDtls { get; init; }

    public long MalformedRtp { get; init; }

    public long MalformedRtcp { get; init; }

    public long SrtpAuthFailures { get; init; }

    public long SrtpReplays { get; init; }

    /// <summary>Binding requests with no USERNAME, an unknown ufrag, or failed integrity/fingerprint.</summary>
    public long UnauthenticatedStun { get; init; }

    /// <summary>DTLS or SRTP from an address no transport has validated with ICE (RFC 7983 demux).</summary>
    public long UnknownSourceDatagrams { get; init; }

    /// <summary>Datagrams dropped for any other reason (first byte outside every RFC 7983 range, media before
    /// keys, refused sends, receive errors).</summary>
    public long Dropped { get; init; }

    /// <summary>Transports created and not yet closed.</summary>
    public int ActiveTransports { get; init; }

    /// <summary>
    /// Kernel arrival → sent, per RTP/RTCP datagram (<see cref="SfuNodeOptions.MeasureForwardingDelay"/>); null when
    /// not measured.
    /// </summary>
    public DelaySummary? ForwardingDelay { get; init; }
}
