using Microsoft.Extensions.Options;
using RedConnect.Signaling.Hubs;
using RedConnect.Signaling.Options;

namespace RedConnect.Signaling.Turn;

/// <summary>
/// What an admitted browser puts into its <c>RTCPeerConnection</c> configuration, for a two-party call and for a
/// conference alike: the configured STUN/TURN servers (<c>Signaling:IceServers</c>), our TURN server with
/// credentials minted for this admission only, and the transport policy (<c>Signaling:IceTransportPolicy</c>).
/// Only handed out after a code or a room token was checked, so the TURN server relays only for admitted people.
/// </summary>
public sealed class IceServerDirectory(IOptionsMonitor<SignalingOptions> options, TurnCredentialMinter turnCredentials)
{
    /// <summary>The servers for one admission; <paramref name="requestHost"/> fills <c>{host}</c> in our TURN URLs.</summary>
    public List<IceServer> For(string? requestHost)
    {
        var servers = options.CurrentValue.IceServers.Select(s => new IceServer(s.Urls, s.Username, s.Credential)).ToList();
        if (turnCredentials.Mint(requestHost) is { } turn) servers.Add(turn);
        return servers;
    }

    /// <summary><c>all</c> or <c>relay</c> (every path through TURN).</summary>
    public string TransportPolicy => options.CurrentValue.IceTransportPolicy;
}
