using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtp;

/// <summary>
/// Writes a whole RTP packet (RFC 3550 §5.1) into a caller buffer: fixed header, CSRCs, an optional
/// RFC 8285 one-byte header extension block, payload. Used by our synthetic participants and by tests;
/// the SFU itself forwards packets and only rewrites fields (<see cref="RtpHeaderWriter"/>).
/// </summary>
public static class RtpPacketWriter
{
    /// <summary>
    /// Writes the packet. <paramref name="oneByteExtensions"/> is a sequence of already encoded elements
    /// (use <see cref="TryWriteOneByteElement"/>); it is padded to a 32-bit boundary with zero bytes.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination,
        byte payloadType,
        bool marker,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        ReadOnlySpan<uint> csrcs,
        ReadOnlySpan<byte> oneByteExtensions,
        ReadOnlySpan<byte> payload,
        out int written)
    {
        written = 0;
        if (csrcs.Length > 15) return false;
        int extensionWords = (oneByteExtensions.Length + 3) / 4;
        if (extensionWords > ushort.MaxValue) return false;
        int headerLength = RtpHeader.FixedLength + 4 * csrcs.Length + (oneByteExtensions.IsEmpty ? 0 : 4 + 4 * extensionWords);
        int total = headerLength + payload.Length;
        if (destination.Length < total) return false;

        destination[0] = (byte)(0x80 | (oneByteExtensions.IsEmpty ? 0 : 0x10) | csrcs.Length);
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ssrc);
        int offset = RtpHeader.FixedLength;
        foreach (uint csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), csrc);
            offset += 4;
        }
        if (!oneByteExtensions.IsEmpty)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), RtpHeaderExtensionEnumerator.OneByteProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), (ushort)extensionWords);
            offset += 4;
            oneByteExtensions.CopyTo(destination.Slice(offset));
            destination.Slice(offset + oneByteExtensions.Length, 4 * extensionWords - oneByteExtensions.Length).Clear();
            offset += 4 * extensionWords;
        }
        payload.CopyTo(destination.Slice(offset));
        written = total;
        return true;
    }

    /// <summary>Encodes one RFC 8285 §4.2 element: id 1..14, value 1..16 bytes.</summary>
    public static bool TryWriteOneByteElement(Span<byte> destination, byte id, ReadOnlySpan<byte> value, out int written)
    {
        written = 0;
        if (id is 0 or > 14 || value.Length is 0 or > 16 || destination.Length < 1 + value.Length) return false;
        destination[0] = (byte)((id << 4) | (value.Length - 1));
        value.CopyTo(destination.Slice(1));
        written = 1 + value.Length;
        return true;
    }

    /// <summary>Encodes one RFC 8285 §4.3 element (two-byte form): id 1..255, value 0..255 bytes.</summary>
    public static bool TryWriteTwoByteElement(Span<byte> destination, byte id, ReadOnlySpan<byte> value, out int written)
    {
        written = 0;
        if (id == 0 || value.Length > 255 || destination.Length < 2 + value.Length) return false;
        destination[0] = id;
        destination[1] = (byte)value.Length;
        value.CopyTo(destination.Slice(2));
        written = 2 + value.Length;
        return true;
    }
}
