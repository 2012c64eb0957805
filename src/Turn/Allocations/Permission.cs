using RedConnect.Stun;

namespace RedConnect.Turn.Allocations;

/// <summary>
/// A permission (RFC 8656 §9): the peer IP address (port ignored, stored as port 0) from which data is
/// accepted and to which data may be sent. Lifetime 300 s, refreshed by CreatePermission or ChannelBind.
/// </summary>
internal sealed class Permission(StunAddress peerIp, long expiresAt)
{
    /// <summary>The peer IP address with port 0.</summary>
    public StunAddress PeerIp { get; } = peerIp;

    /// <summary>Expiry as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public long ExpiresAt
    {
        get => Volatile.Read(ref _expiresAt);
        set => Volatile.Write(ref _expiresAt, value);
    }

    private long _expiresAt = expiresAt;
}
