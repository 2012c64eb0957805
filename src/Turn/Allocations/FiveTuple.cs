using RedConnect.Stun;

namespace RedConnect.Turn.Allocations;

/// <summary>How a client reaches the server (RFC 8656 §3.1: the 5-tuple's protocol).</summary>
public enum ClientTransport : byte
{
    /// <summary>STUN/TURN over UDP.</summary>
    Udp,
    /// <summary>STUN/TURN over TCP (RFC 8656 §3.1, framing per §12.5).</summary>
    Tcp,
    /// <summary>STUN/TURN over TLS-over-TCP.</summary>
    Tls,
}

/// <summary>
/// The 5-tuple that identifies an allocation (RFC 8656 §2, §7): the client's transport address, the
/// server transport address it was sent to (named by the listener that received it) and the protocol.
/// A value type, so a per-packet lookup allocates nothing.
/// </summary>
public readonly record struct FiveTuple(StunAddress Client, int ListenerId, ClientTransport Transport);
