namespace RedConnect.Sfu.Node;

/// <summary>
/// What routing sees of one WebRTC peer connection to the SFU (one ICE-lite + DTLS + SRTP association).
/// Implemented by <c>WebRtcTransport</c>; the routing layer (Room, Producer, Consumer) only talks to this.
/// </summary>
public interface IMediaTransport
{
    /// <summary>Opaque, unique per node; safe to log.</summary>
    string Id { get; }

    /// <summary>True once ICE is nominated and DTLS-SRTP keys are in place, until the transport closes.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Protects one plain RTP packet with this transport's SRTP send context and sends it to the peer's
    /// current address. Returns false (never throws) when not connected, the packet is malformed or the
    /// socket refused it. Allocation-free: the transport protects into a pooled buffer.
    /// </summary>
    bool SendRtp(ReadOnlySpan<byte> rtp);

    /// <summary>Same as <see cref="SendRtp"/> for one plain (compound) RTCP packet.</summary>
    bool SendRtcp(ReadOnlySpan<byte> rtcp);
}

/// <summary>Why a transport stopped.</summary>
public enum TransportCloseReason
{
    /// <summary>Closed by the node (participant removed, room closed, shutdown).</summary>
    Closed,
    /// <summary>No connectivity check or media from the peer within the consent timeout (RFC 7675).</summary>
    ConsentExpired,
    /// <summary>ICE never completed within the connect timeout.</summary>
    IceTimeout,
    /// <summary>The DTLS handshake failed (timeout, fingerprint mismatch, no common SRTP profile).</summary>
    DtlsFailed,
    /// <summary>The peer sent DTLS close_notify.</summary>
    DtlsClosed,
}

/// <summary>
/// What a transport tells routing. Calls arrive on the node's receive loops — several threads, one per
/// core — but never concurrently for the same transport. Span arguments are valid only during the call:
/// copy what you keep. Implementations must not throw and must not block.
/// </summary>
public interface IMediaTransportListener
{
    /// <summary>ICE nominated and DTLS-SRTP established: media can flow both ways.</summary>
    void OnConnected(IMediaTransport transport);

    /// <summary>One authenticated, decrypted RTP packet (header and payload as the peer sent them).</summary>
    void OnRtp(IMediaTransport transport, ReadOnlySpan<byte> rtp);

    /// <summary>One authenticated, decrypted compound RTCP packet.</summary>
    void OnRtcp(IMediaTransport transport, ReadOnlySpan<byte> rtcp);

    /// <summary>The transport is gone; it sends and receives nothing more.</summary>
    void OnClosed(IMediaTransport transport, TransportCloseReason reason);
}
