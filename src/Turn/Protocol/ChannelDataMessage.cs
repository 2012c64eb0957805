using System.Buffers.Binary;

namespace RedConnect.Turn.Protocol;

/// <summary>
/// The ChannelData message (RFC 8656 §12.4): channel number (2 bytes, 0x4000–0x7FFF), length (2 bytes),
/// application data. Over UDP padding is optional; over TCP/TLS each message is padded to a multiple of 4
/// bytes (§12.5), and the padding is not counted in the length.
/// </summary>
internal static class ChannelDataMessage
{
    public const int HeaderLength = 4;

    /// <summary>A first byte 0x40–0x7F starts ChannelData: RFC 8656 §12 uses 0x40–0x4F, RFC 5766 clients up to
    /// 0x7F; STUN messages start with 0x00–0x03, so the two never collide on a TURN port.</summary>
    public static bool LooksLikeChannelData(byte first) => (first & 0xC0) == 0x40;

    /// <summary>Reads a ChannelData datagram; the data must fit (padding may follow).</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out ushort channel, out ReadOnlySpan<byte> data)
    {
        channel = 0;
        data = default;
        if (datagram.Length < HeaderLength)
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (length > datagram.Length - HeaderLength)
        {
            return false;
        }

        data = datagram.Slice(HeaderLength, length);
        return true;
    }

    /// <summary>Stream framing (§12.5): the padded size of the ChannelData message starting the buffer.</summary>
    public static bool TryGetFrameLength(ReadOnlySpan<byte> buffer, out int frameLength)
    {
        frameLength = 0;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        frameLength = (HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]) + 3) & ~3;
        return true;
    }

    public static void WriteHeader(Span<byte> destination, ushort channel, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
    }
}
