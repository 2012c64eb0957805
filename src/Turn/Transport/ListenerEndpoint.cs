using System.Net;
using RedConnect.Stun;
using RedConnect.Turn.Allocations;

namespace RedConnect.Turn.Transport;

/// <summary>
/// One server transport address a client can reach: protocol, bound address and port, and whether it is
/// the RFC 5780 alternate port. Its <see cref="Id"/> is the server half of a <see cref="FiveTuple"/>.
/// </summary>
internal sealed class ListenerEndpoint
{
    private static int _nextId;

    public ListenerEndpoint(ClientTransport transport, IPEndPoint bound, bool isAlternate)
    {
        Id = Interlocked.Increment(ref _nextId);
        Transport = transport;
        Bound = bound;
        LocalAddress = StunAddress.FromIPEndPoint(bound);
        IsAlternate = isAlternate;
    }

    public int Id { get; }

    public ClientTransport Transport { get; }

    public IPEndPoint Bound { get; }

    /// <summary>The bound address (may be a wildcard).</summary>
    public StunAddress LocalAddress { get; }

    public bool IsAlternate { get; }

    /// <summary>Same protocol and IP, the other port (main ↔ alternate): OTHER-ADDRESS and CHANGE-REQUEST
    /// (RFC 5780 §7.4, §7.2).</summary>
    public ListenerEndpoint? Partner { get; set; }

    /// <summary>The UDP socket group for UDP endpoints, to send from.</summary>
    public UdpListener? Udp { get; set; }

    public bool IsWildcard => Bound.Address.Equals(IPAddress.Any) || Bound.Address.Equals(IPAddress.IPv6Any);
}
