using System.Buffers.Binary;

namespace RedConnect.Stun;

/// <summary>
/// Decoders for attribute values (the bytes of <see cref="StunAttribute.Value"/>). Each returns <c>false</c>
/// on a value that does not have the RFC's shape and never throws. Address attributes are decoded by
/// <see cref="StunAddress.TryParse"/> and <see cref="StunAddress.TryParseXor"/>; text attributes (USERNAME,
/// REALM, NONCE, SOFTWARE, ALTERNATE-DOMAIN) and opaque ones (DATA, USERHASH) are used as raw bytes.
/// </summary>
public static class StunAttributeValue
{
    /// <summary>RFC 8489 §14.3: USERNAME is fewer than 509 bytes.</summary>
    public const int MaxUsernameBytes = 508;

    /// <summary>RFC 8489 §14.9/§14.10/§14.14: REALM, NONCE, SOFTWARE and the ERROR-CODE reason are fewer
    /// than 128 characters, which the RFC bounds at 763 bytes of UTF-8.</summary>
    public const int MaxTextBytes = 763;

    /// <summary>EVEN-PORT R bit (RFC 8656 §18.7): reserve the next-higher port too.</summary>
    public const byte EvenPortReserveBit = 0x80;

    /// <summary>CHANGE-REQUEST "change IP" flag A (RFC 5780 §7.2).</summary>
    public const uint ChangeIpFlag = 0x04;

    /// <summary>CHANGE-REQUEST "change port" flag B (RFC 5780 §7.2).</summary>
    public const uint ChangePortFlag = 0x02;

    /// <summary>A 4-byte big-endian number: PRIORITY, LIFETIME, CONNECTION-ID, CHANGE-REQUEST.</summary>
    public static bool TryReadUInt32(ReadOnlySpan<byte> value, out uint result)
    {
        if (value.Length != 4)
        {
            result = 0;
            return false;
        }

        result = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    /// <summary>An 8-byte big-endian number: ICE-CONTROLLING, ICE-CONTROLLED, RESERVATION-TOKEN.</summary>
    public static bool TryReadUInt64(ReadOnlySpan<byte> value, out ulong result)
    {
        if (value.Length != 8)
        {
            result = 0;
            return false;
        }

        result = BinaryPrimitives.ReadUInt64BigEndian(value);
        return true;
    }

    /// <summary>
    /// ERROR-CODE (RFC 8489 §14.8): 21 reserved bits, class (3 bits, 3–6), number (0–99), UTF-8 reason.
    /// <paramref name="code"/> is class × 100 + number.
    /// </summary>
    public static bool TryReadErrorCode(ReadOnlySpan<byte> value, out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (value.Length < 4 || !TryDecodeCode(value[2], value[3], out code))
        {
            return false;
        }

        reason = value[4..];
        return true;
    }

    /// <summary>
    /// ADDRESS-ERROR-CODE (RFC 8656 §18.12): family byte, reserved bits, class, number, reason.
    /// </summary>
    public static bool TryReadAddressErrorCode(ReadOnlySpan<byte> value, out StunAddressFamily family, out int code,
        out ReadOnlySpan<byte> reason)
    {
        family = default;
        code = 0;
        reason = default;
        if (value.Length < 4 || !TryDecodeCode(value[2], value[3], out code))
        {
            return false;
        }

        family = (StunAddressFamily)value[0];
        reason = value[4..];
        return true;
    }

    /// <summary>
    /// UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): a list of 16-bit types. Copies up to
    /// <paramref name="destination"/>.Length of them; <paramref name="count"/> is the number copied.
    /// </summary>
    public static bool TryReadUnknownAttributes(ReadOnlySpan<byte> value, Span<ushort> destination, out int count)
    {
        count = 0;
        if ((value.Length & 1) != 0)
        {
            return false;
        }

        var total = Math.Min(value.Length / 2, destination.Length);
        for (; count < total; count++)
        {
            destination[count] = BinaryPrimitives.ReadUInt16BigEndian(value[(count * 2)..]);
        }

        return true;
    }

    /// <summary>CHANNEL-NUMBER (RFC 8656 §18.1): 16-bit channel number followed by 16 RFFU bits.</summary>
    public static bool TryReadChannelNumber(ReadOnlySpan<byte> value, out ushort channelNumber)
    {
        channelNumber = 0;
        if (value.Length != 4)
        {
            return false;
        }

        channelNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <summary>
    /// REQUESTED-TRANSPORT (RFC 8656 §18.8): protocol number (17 UDP, 6 TCP) followed by 24 RFFU bits.
    /// </summary>
    public static bool TryReadRequestedTransport(ReadOnlySpan<byte> value, out byte protocol)
    {
        protocol = 0;
        if (value.Length != 4)
        {
            return false;
        }

        protocol = value[0];
        return true;
    }

    /// <summary>
    /// REQUESTED-ADDRESS-FAMILY / ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.6, §18.11): family byte followed by
    /// 24 RFFU bits. The family is returned as received; a value other than IPv4/IPv6 is for the caller to
    /// answer with 440.
    /// </summary>
    public static bool TryReadAddressFamily(ReadOnlySpan<byte> value, out StunAddressFamily family)
    {
        family = default;
        if (value.Length != 4)
        {
            return false;
        }

        family = (StunAddressFamily)value[0];
        return true;
    }

    /// <summary>EVEN-PORT (RFC 8656 §18.7): one byte whose top bit R asks to reserve the next port.</summary>
    public static bool TryReadEvenPort(ReadOnlySpan<byte> value, out bool reserveNextPort)
    {
        reserveNextPort = value.Length == 1 && (value[0] & EvenPortReserveBit) != 0;
        return value.Length == 1;
    }

    /// <summary>CHANGE-REQUEST (RFC 5780 §7.2): flags A (change IP) and B (change port).</summary>
    public static bool TryReadChangeRequest(ReadOnlySpan<byte> value, out bool changeIp, out bool changePort)
    {
        var ok = TryReadUInt32(value, out var flags);
        changeIp = (flags & ChangeIpFlag) != 0;
        changePort = (flags & ChangePortFlag) != 0;
        return ok;
    }

    /// <summary>ICMP (RFC 8656 §18.13): 16 reserved bits, ICMP type, ICMP code, 32-bit error data.</summary>
    public static bool TryReadIcmp(ReadOnlySpan<byte> value, out byte icmpType, out byte icmpCode, out uint errorData)
    {
        icmpType = 0;
        icmpCode = 0;
        errorData = 0;
        if (value.Length != 8)
        {
            return false;
        }

        icmpType = value[2];
        icmpCode = value[3];
        errorData = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        return true;
    }

    /// <summary>
    /// PASSWORD-ALGORITHM (RFC 8489 §14.12): algorithm (16 bits), parameters length (16 bits), parameters.
    /// </summary>
    public static bool TryReadPasswordAlgorithm(ReadOnlySpan<byte> value, out StunPasswordAlgorithm algorithm,
        out ReadOnlySpan<byte> parameters)
    {
        algorithm = default;
        parameters = default;
        if (value.Length < 4)
        {
            return false;
        }

        var parametersLength = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        if (parametersLength > value.Length - 4)
        {
            return false;
        }

        algorithm = (StunPasswordAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(value);
        parameters = value.Slice(4, parametersLength);
        return true;
    }

    /// <summary>
    /// PASSWORD-ALGORITHMS (RFC 8489 §14.11): a list of (algorithm, parameters length, padded parameters).
    /// Copies up to <paramref name="destination"/>.Length algorithms; fails if any entry overruns the value.
    /// </summary>
    public static bool TryReadPasswordAlgorithms(ReadOnlySpan<byte> value, Span<StunPasswordAlgorithm> destination,
        out int count)
    {
        count = 0;
        var position = 0;
        while (position < value.Length)
        {
            if (value.Length - position < 4)
            {
                return false;
            }

            var algorithm = BinaryPrimitives.ReadUInt16BigEndian(value[position..]);
            var parametersLength = BinaryPrimitives.ReadUInt16BigEndian(value[(position + 2)..]);
            var next = position + 4 + StunMessage.PaddedLength(parametersLength);
            if (next > value.Length)
            {
                return false;
            }

            if (count < destination.Length)
            {
                destination[count++] = (StunPasswordAlgorithm)algorithm;
            }

            position = next;
        }

        return true;
    }

    private static bool TryDecodeCode(byte classByte, byte number, out int code)
    {
        // RFC 8489 §14.8: the class is the low 3 bits of the third byte and must be 3..6; number is 0..99.
        var errorClass = classByte & 0x07;
        code = errorClass * 100 + number;
        return errorClass is >= 3 and <= 6 && number < 100;
    }
}
