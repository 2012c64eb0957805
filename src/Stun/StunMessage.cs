using System.Buffers.Binary;

namespace RedConnect.Stun;

/// <summary>
/// Constants of the STUN message header (RFC 8489 §5) and cheap checks on raw bytes that do not parse the
/// whole message: demultiplexing (RFC 7983) and stream framing (RFC 8489 §6.2.2).
/// </summary>
public static class StunMessage
{
    /// <summary>The fixed magic cookie, 0x2112A442 in network byte order (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Size of the fixed header: type (2), length (2), cookie (4), transaction id (12).</summary>
    public const int HeaderLength = 20;

    /// <summary>Size of the transaction id in bytes (96 bits).</summary>
    public const int TransactionIdLength = 12;

    /// <summary>Size of an attribute's type + length header.</summary>
    public const int AttributeHeaderLength = 4;

    /// <summary>Largest possible message: header plus a 16-bit body length.</summary>
    public const int MaxMessageLength = HeaderLength + ushort.MaxValue;

    /// <summary>
    /// Quick demultiplexing test for a port shared with DTLS, RTP/RTCP and TURN ChannelData: is this datagram
    /// plausibly STUN? RFC 7983 §7 assigns first bytes 0..3 to STUN (20..63 DTLS, 64..79 ChannelData,
    /// 128..191 RTP/RTCP); additionally checks the minimum size, the magic cookie and a body length that is
    /// a multiple of 4. It does not validate attributes; <see cref="StunMessageReader.TryParse"/> does.
    /// </summary>
    /// <remarks>
    /// The 0..3 rule admits every method below 0x100, which covers all STUN/TURN/ICE methods in use;
    /// <see cref="StunMessageReader.TryParse"/> itself accepts the full 12-bit method range (RFC 8489 §6.3:
    /// only the two most significant bits must be zero).
    /// </remarks>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && datagram[0] <= 3 && HasHeaderShape(datagram);

    /// <summary>
    /// RFC 8489 §6.3 header checks shared by parsing and framing: two most significant bits zero, body length
    /// a multiple of 4, magic cookie present. Requires at least <see cref="HeaderLength"/> bytes.
    /// </summary>
    internal static bool HasHeaderShape(ReadOnlySpan<byte> header) =>
        header.Length >= HeaderLength
        && (header[0] & 0xC0) == 0
        && (header[3] & 0x03) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4, 4)) == MagicCookie;

    /// <summary>
    /// Framing over a stream transport (TCP/TLS, RFC 8489 §6.2.2): given at least the 20-byte header, returns
    /// the total size of the message it starts. Returns <c>false</c> when fewer than 20 bytes are available
    /// or the bytes are not a STUN header (caller then tries ChannelData framing or closes the connection).
    /// </summary>
    public static bool TryGetMessageLength(ReadOnlySpan<byte> header, out int totalLength)
    {
        if (!HasHeaderShape(header))
        {
            totalLength = 0;
            return false;
        }

        totalLength = HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(header.Slice(2, 2));
        return true;
    }

    /// <summary>Number of bytes an attribute value of <paramref name="valueLength"/> bytes occupies once
    /// padded to a 4-byte boundary (RFC 8489 §14).</summary>
    public static int PaddedLength(int valueLength) => (valueLength + 3) & ~3;
}
