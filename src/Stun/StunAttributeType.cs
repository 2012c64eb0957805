namespace RedConnect.Stun;

/// <summary>
/// STUN attribute types (IANA "STUN Attributes" registry) used by RedConnect's STUN, TURN and ICE code.
/// RFC 8489 §14: types 0x0000–0x7FFF are comprehension-required (an agent that does not understand one must
/// reject the message, 420 for requests), 0x8000–0xFFFF comprehension-optional (silently ignored).
/// </summary>
public static class StunAttributeType
{
    // RFC 8489 §14 (STUN)

    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1): the reflexive address, not XOR-ed (RFC 3489 compatibility).</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>CHANGE-REQUEST (RFC 5780 §7.2): ask the server to answer from another IP and/or port.</summary>
    public const ushort ChangeRequest = 0x0003;

    /// <summary>USERNAME (RFC 8489 §14.3): UTF-8, fewer than 509 bytes.</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1, 20 bytes.</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE (RFC 8489 §14.8): class, number, reason phrase.</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): list of 16-bit types, sent with 420.</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>REALM (RFC 8489 §14.9): UTF-8, fewer than 128 characters.</summary>
    public const ushort Realm = 0x0014;

    /// <summary>NONCE (RFC 8489 §14.10): fewer than 128 characters.</summary>
    public const ushort Nonce = 0x0015;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256, 16–32 bytes in steps of 4.</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>PASSWORD-ALGORITHM (RFC 8489 §14.12): the algorithm the client chose.</summary>
    public const ushort PasswordAlgorithm = 0x001D;

    /// <summary>USERHASH (RFC 8489 §14.4): SHA-256(username ":" realm), 32 bytes.</summary>
    public const ushort UserHash = 0x001E;

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the reflexive address XOR-ed with cookie and id.</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PASSWORD-ALGORITHMS (RFC 8489 §14.11): algorithms the server offers.</summary>
    public const ushort PasswordAlgorithms = 0x8002;

    /// <summary>ALTERNATE-DOMAIN (RFC 8489 §14.16): TLS server name for ALTERNATE-SERVER.</summary>
    public const ushort AlternateDomain = 0x8003;

    /// <summary>SOFTWARE (RFC 8489 §14.14): UTF-8 agent description, fewer than 128 characters.</summary>
    public const ushort Software = 0x8022;

    /// <summary>ALTERNATE-SERVER (RFC 8489 §14.15): where to retry after 300 Try Alternate.</summary>
    public const ushort AlternateServer = 0x8023;

    /// <summary>FINGERPRINT (RFC 8489 §14.7): CRC-32 XOR 0x5354554E, always last.</summary>
    public const ushort Fingerprint = 0x8028;

    // RFC 5780 (NAT behaviour discovery)

    /// <summary>RESPONSE-ORIGIN (RFC 5780 §7.3): address the response was sent from.</summary>
    public const ushort ResponseOrigin = 0x802B;

    /// <summary>OTHER-ADDRESS (RFC 5780 §7.4): the server's alternate address.</summary>
    public const ushort OtherAddress = 0x802C;

    // RFC 8445 (ICE)

    /// <summary>PRIORITY (RFC 8445 §16.1): 32-bit candidate priority.</summary>
    public const ushort Priority = 0x0024;

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1): empty flag, nominates the pair.</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>ICE-CONTROLLED (RFC 8445 §16.1): 64-bit tie-breaker.</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (RFC 8445 §16.1): 64-bit tie-breaker.</summary>
    public const ushort IceControlling = 0x802A;

    // RFC 8656 (TURN)

    /// <summary>CHANNEL-NUMBER (RFC 8656 §18.1): 16-bit channel + 16 bits RFFU.</summary>
    public const ushort ChannelNumber = 0x000C;

    /// <summary>LIFETIME (RFC 8656 §18.2): seconds, 32-bit.</summary>
    public const ushort Lifetime = 0x000D;

    /// <summary>XOR-PEER-ADDRESS (RFC 8656 §18.3).</summary>
    public const ushort XorPeerAddress = 0x0012;

    /// <summary>DATA (RFC 8656 §18.4): application data, any length.</summary>
    public const ushort Data = 0x0013;

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656 §18.5).</summary>
    public const ushort XorRelayedAddress = 0x0016;

    /// <summary>REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6): family byte + 24 bits RFFU.</summary>
    public const ushort RequestedAddressFamily = 0x0017;

    /// <summary>EVEN-PORT (RFC 8656 §18.7): one byte, R bit asks to reserve the next port.</summary>
    public const ushort EvenPort = 0x0018;

    /// <summary>REQUESTED-TRANSPORT (RFC 8656 §18.8): IANA protocol number (17 = UDP, 6 = TCP) + RFFU.</summary>
    public const ushort RequestedTransport = 0x0019;

    /// <summary>DONT-FRAGMENT (RFC 8656 §18.9): empty flag.</summary>
    public const ushort DontFragment = 0x001A;

    /// <summary>RESERVATION-TOKEN (RFC 8656 §18.10): 8 opaque bytes.</summary>
    public const ushort ReservationToken = 0x0022;

    /// <summary>ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11): asks for a second (IPv6) relayed address.</summary>
    public const ushort AdditionalAddressFamily = 0x8000;

    /// <summary>ADDRESS-ERROR-CODE (RFC 8656 §18.12): per-family allocation error.</summary>
    public const ushort AddressErrorCode = 0x8001;

    /// <summary>ICMP (RFC 8656 §18.13): ICMP type, code and error data in a Data indication.</summary>
    public const ushort Icmp = 0x8004;

    // RFC 6062 (TURN-TCP)

    /// <summary>CONNECTION-ID (RFC 6062 §6.2.1): 32-bit connection identifier.</summary>
    public const ushort ConnectionId = 0x002A;

    /// <summary>RFC 8489 §14: 0x0000–0x7FFF are comprehension-required.</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;

    /// <summary>RFC 8489 §14: 0x8000–0xFFFF are comprehension-optional.</summary>
    public static bool IsComprehensionOptional(ushort type) => type >= 0x8000;

    /// <summary>
    /// Whether this codec understands the attribute type (all constants of this class). The reader reports
    /// comprehension-required types for which this is <c>false</c> as unknown.
    /// </summary>
    public static bool IsKnown(ushort type) => type switch
    {
        MappedAddress or ChangeRequest or Username or MessageIntegrity or ErrorCode or UnknownAttributes
            or Realm or Nonce or MessageIntegritySha256 or PasswordAlgorithm or UserHash or XorMappedAddress
            or PasswordAlgorithms or AlternateDomain or Software or AlternateServer or Fingerprint
            or ResponseOrigin or OtherAddress or Priority or UseCandidate or IceControlled or IceControlling
            or ChannelNumber or Lifetime or XorPeerAddress or Data or XorRelayedAddress
            or RequestedAddressFamily or EvenPort or RequestedTransport or DontFragment or ReservationToken
            or AdditionalAddressFamily or AddressErrorCode or Icmp or ConnectionId => true,
        _ => false,
    };
}
