namespace RedConnect.Stun;

/// <summary>
/// STUN methods (12-bit values, IANA "STUN Methods" registry). Values outside the named members are legal
/// on the wire and are preserved by the codec; deciding whether a method is supported is the caller's job.
/// </summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (RFC 8489 §18.2): address discovery, ICE connectivity checks, keep-alives.</summary>
    Binding = 0x001,

    /// <summary>Allocate (RFC 8656 §7): create a relayed transport address.</summary>
    Allocate = 0x003,

    /// <summary>Refresh (RFC 8656 §8): extend or delete an allocation.</summary>
    Refresh = 0x004,

    /// <summary>Send (RFC 8656 §11): indication from client carrying data for a peer.</summary>
    Send = 0x006,

    /// <summary>Data (RFC 8656 §11): indication from server carrying data from a peer.</summary>
    Data = 0x007,

    /// <summary>CreatePermission (RFC 8656 §10).</summary>
    CreatePermission = 0x008,

    /// <summary>ChannelBind (RFC 8656 §12).</summary>
    ChannelBind = 0x009,

    /// <summary>Connect (RFC 6062 §4.3): TURN-TCP, open a TCP connection to a peer.</summary>
    Connect = 0x00A,

    /// <summary>ConnectionBind (RFC 6062 §4.4): TURN-TCP, bind a data connection to a peer connection.</summary>
    ConnectionBind = 0x00B,

    /// <summary>ConnectionAttempt (RFC 6062 §4.5): TURN-TCP, indication of an incoming peer connection.</summary>
    ConnectionAttempt = 0x00C,
}
