namespace RedConnect.Sfu.Node;

/// <summary>A snapshot of one <see cref="WebRtcTransport"/>'s counters (read them from the SFU's stats API).</summary>
public sealed record TransportStats
{
    /// <summary>Datagrams from the peer that reached this transport (STUN, DTLS, SRTP, SRTCP).</summary>
    public long PacketsReceived { get; init; }

    public long BytesReceived { get; init; }

    /// <summary>Datagrams sent to the peer (STUN responses, DTLS, SRTP, SRTCP).</summary>
    public long PacketsSent { get; init; }

    public long BytesSent { get; init; }

    /// <summary>Decrypted RTP packets handed to the listener.</summary>
    public long RtpPacketsReceived { get; init; }

    /// <summary>Decrypted RTCP packets handed to the listener.</summary>
    public long RtcpPacketsReceived { get; init; }

    public long RtpPacketsSent { get; init; }

    public long RtcpPacketsSent { get; init; }

    /// <summary>Valid ICE checks answered with a success response.</summary>
    public long IceChecksAccepted { get; init; }

    /// <summary>Checks refused or discarded for wrong credentials, integrity or fingerprint.</summary>
    public long IceChecksUnauthenticated { get; init; }

    /// <summary>Times the selected remote address moved (network change).</summary>
    public long IceAddressChanges { get; init; }

    public long MalformedStun { get; init; }

    /// <summary>DTLS datagrams with broken record framing, or dropped because the session queue was full.</summary>
    public long MalformedDtls { get; init; }

    public long MalformedRtp { get; init; }

    public long MalformedRtcp { get; init; }

    /// <summary>SRTP/SRTCP packets whose authentication tag failed (RFC 3711 §3.3 step 5).</summary>
    public long SrtpAuthFailures { get; init; }

    /// <summary>SRTP/SRTCP packets rejected by the replay window (RFC 3711 §3.3.2).</summary>
    public long SrtpReplays { get; init; }

    /// <summary>Datagrams dropped for other reasons: media before keys, sends refused, too large.</summary>
    public long Dropped { get; init; }
}
