namespace RedConnect.Stun;

/// <summary>
/// Address family byte used by the address attributes (RFC 8489 §14.1) and by REQUESTED-ADDRESS-FAMILY,
/// ADDITIONAL-ADDRESS-FAMILY and ADDRESS-ERROR-CODE (RFC 8656 §18.6, §18.11, §18.12).
/// </summary>
public enum StunAddressFamily : byte
{
    /// <summary>IPv4, 4-byte address.</summary>
    IPv4 = 0x01,

    /// <summary>IPv6, 16-byte address.</summary>
    IPv6 = 0x02,
}
