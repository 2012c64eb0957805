namespace RedConnect.Stun;

/// <summary>
/// Packs and unpacks the 14-bit STUN message type. RFC 8489 §5: the class bits are interleaved with the
/// method bits so that the type reads, from the most significant bit, M11..M7 C1 M6..M4 C0 M3..M0.
/// </summary>
public static class StunMessageType
{
    /// <summary>Largest method value that fits the 12 method bits.</summary>
    public const ushort MaxMethod = 0x0FFF;

    /// <summary>Combines a method and a class into the 14-bit message type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The method does not fit 12 bits (programmer error).</exception>
    public static ushort Encode(StunMethod method, StunClass messageClass)
    {
        var m = (int)method;
        if ((uint)m > MaxMethod)
        {
            throw new ArgumentOutOfRangeException(nameof(method), "STUN methods are 12 bits.");
        }

        var c = (int)messageClass & 0b11;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2)
                        | ((c & 0b01) << 4) | ((c & 0b10) << 7));
    }

    /// <summary>Extracts the method bits of a message type.</summary>
    public static StunMethod GetMethod(ushort messageType) =>
        (StunMethod)((messageType & 0x000F) | ((messageType >> 1) & 0x0070) | ((messageType >> 2) & 0x0F80));

    /// <summary>Extracts the class bits of a message type.</summary>
    public static StunClass GetClass(ushort messageType) =>
        (StunClass)(((messageType >> 4) & 0b01) | ((messageType >> 7) & 0b10));
}
