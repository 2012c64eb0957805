namespace RedConnect.Stun;

/// <summary>
/// Password algorithms for long-term credentials (RFC 8489 §18.5.1, IANA "STUN Password Algorithms").
/// They choose the hash used to derive the long-term key (§9.2.2).
/// </summary>
public enum StunPasswordAlgorithm : ushort
{
    /// <summary>MD5: key = MD5(username ":" realm ":" password), 16 bytes. The RFC 5389 default.</summary>
    Md5 = 0x0001,

    /// <summary>SHA-256: key = SHA-256(username ":" realm ":" password), 32 bytes.</summary>
    Sha256 = 0x0002,
}
