using System.Net;
using System.Net.Sockets;
using RedConnect.Stun;
using RedConnect.Turn.Options;
using RedConnect.Turn.Transport;

namespace RedConnect.Turn.Allocations;

/// <summary>
/// Which local IP a relay socket binds to, and which address XOR-RELAYED-ADDRESS announces. With
/// <c>relay-ip</c> configured, the first one of the requested family; otherwise the address the client
/// reached (for a wildcard listener, the local address the kernel routes the client from). Behind NAT,
/// <c>external-ip</c> maps the bound address to the announced one.
/// </summary>
internal sealed class RelayAddressPlan
{
    private readonly IReadOnlyList<IPAddress> _relayIps;
    private readonly IReadOnlyList<ExternalIpMapping> _external;

    public RelayAddressPlan(TurnServerOptions options)
    {
        _relayIps = options.GetRelayAddresses();
        _external = options.GetExternalMappings();
    }

    /// <summary>The IP to bind a relay socket of <paramref name="family"/> on; null when the server has none (→ 440).</summary>
    public IPAddress? Choose(StunAddressFamily family, ListenerEndpoint listener, StunAddress client)
    {
        var wanted = family == StunAddressFamily.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        if (_relayIps.Count > 0)
        {
            foreach (var ip in _relayIps)
            {
                if (ip.AddressFamily == wanted)
                {
                    return ip;
                }
            }

            return null;
        }

        if (listener.Bound.AddressFamily != wanted)
        {
            return null;
        }

        if (!listener.IsWildcard)
        {
            return listener.Bound.Address;
        }

        // Wildcard listener: ask the routing table which local address reaches the client.
        try
        {
            using var probe = new Socket(wanted, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(client.ToIPEndPoint());
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>The address to announce for a socket bound to <paramref name="bound"/>.</summary>
    public StunAddress Announce(StunAddress bound)
    {
        var ip = bound.ToIPAddress();
        foreach (var mapping in _external)
        {
            if ((mapping.Private is null && mapping.Public.AddressFamily == ip.AddressFamily) || ip.Equals(mapping.Private))
            {
                return StunAddress.FromIPAddress(mapping.Public, bound.Port);
            }
        }

        return bound;
    }
}
