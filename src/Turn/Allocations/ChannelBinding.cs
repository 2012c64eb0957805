using RedConnect.Stun;
using RedConnect.Turn.Interop;

namespace RedConnect.Turn.Allocations;

/// <summary>
/// A channel binding (RFC 8656 §12): channel number 0x4000–0x7FFF (see <see cref="MaxNumber"/>) ↔ peer transport address, lifetime
/// 10 minutes. Holds the peer's socket address pre-encoded so relaying ChannelData allocates nothing.
/// </summary>
internal sealed class ChannelBinding
{
    public const ushort MinNumber = 0x4000;
    /// <summary>RFC 8656 §12 narrowed the range to 0x4FFF, but RFC 5766 §11 allowed up to 0x7FFF and deployed
    /// clients (coturn's own uclient among them) still pick numbers there; rejecting them would break
    /// drop-in compatibility with coturn, which accepts them too.</summary>
    public const ushort MaxNumber = 0x7FFF;

    private long _expiresAt;

    public ChannelBinding(ushort number, StunAddress peer, long expiresAt)
    {
        Number = number;
        Peer = peer;
        PeerSockAddr = new byte[LinuxSockets.SockAddrSize];
        PeerSockAddrLength = SockAddr.Write(peer, PeerSockAddr);
        _expiresAt = expiresAt;
    }

    public ushort Number { get; }

    public StunAddress Peer { get; }

    public byte[] PeerSockAddr { get; }

    public int PeerSockAddrLength { get; }

    public long ExpiresAt
    {
        get => Volatile.Read(ref _expiresAt);
        set => Volatile.Write(ref _expiresAt, value);
    }

    /// <summary>Channel numbers 0x4000 through 0x7FFF (RFC 8656 §12's 0x4000–0x4FFF plus RFC 5766's upper range).</summary>
    public static bool IsValidNumber(ushort number) => number is >= MinNumber and <= MaxNumber;
}
