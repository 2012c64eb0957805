using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtp;

/// <summary>
/// The fixed RTP header (RFC 3550 §5.1) plus the positions of the CSRC list, the header extension
/// (RFC 3550 §5.3.1, RFC 8285) and the payload inside the packet it was parsed from. A plain value:
/// it holds offsets, not the bytes, so it can be kept next to a pooled buffer.
/// </summary>
public readonly struct RtpHeader
{
    /// <summary>RFC 3550 §5.1: 12 bytes before the CSRC list.</summary>
    public const int FixedLength = 12;

    /// <summary>RFC 3550 §5.1: the only version in use.</summary>
    public const int RtpVersion = 2;

    public byte Version { get; init; }
    public bool Padding { get; init; }
    public bool Extension { get; init; }
    public byte CsrcCount { get; init; }
    public bool Marker { get; init; }
    public byte PayloadType { get; init; }
    public ushort SequenceNumber { get; init; }
    public uint Timestamp { get; init; }
    public uint Ssrc { get; init; }

    /// <summary>The 16-bit "defined by profile" word of the header extension (0xBEDE, 0x100x), 0 when absent.</summary>
    public ushort ExtensionProfile { get; init; }

    /// <summary>Offset of the extension data (after its 4-byte preamble); 0 when absent.</summary>
    public int ExtensionOffset { get; init; }

    /// <summary>Length in bytes of the extension data (a multiple of 4), 0 when absent.</summary>
    public int ExtensionLength { get; init; }

    /// <summary>Header length: fixed part, CSRCs and the whole extension. The payload starts here.</summary>
    public int HeaderLength { get; init; }

    /// <summary>Padding bytes at the end of the packet (RFC 3550 §5.1, P bit; the last byte counts them).</summary>
    public int PaddingLength { get; init; }

    /// <summary>Payload length, padding excluded.</summary>
    public int PayloadLength { get; init; }

    /// <summary>
    /// Parses the header of one RTP packet. Returns false (never throws) when the version is not 2,
    /// or when a CSRC list, extension or padding count points past the end of <paramref name="packet"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedLength) return false;
        byte b0 = packet[0];
        int version = b0 >> 6;
        if (version != RtpVersion) return false;
        bool padding = (b0 & 0x20) != 0;
        bool extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int offset = FixedLength + 4 * csrcCount;
        if (packet.Length < offset) return false;

        ushort profile = 0;
        int extOffset = 0, extLength = 0;
        if (extension)
        {
            // RFC 3550 §5.3.1: 16-bit profile word, 16-bit length in 32-bit words, then the data.
            if (packet.Length < offset + 4) return false;
            profile = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset));
            extLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2)) * 4;
            extOffset = offset + 4;
            offset = extOffset + extLength;
            if (packet.Length < offset) return false;
        }

        int paddingLength = 0;
        if (padding)
        {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            paddingLength = packet[^1];
            if (paddingLength == 0 || offset + paddingLength > packet.Length) return false;
        }

        header = new RtpHeader
        {
            Version = (byte)version,
            Padding = padding,
            Extension = extension,
            CsrcCount = (byte)csrcCount,
            Marker = (packet[1] & 0x80) != 0,
            PayloadType = (byte)(packet[1] & 0x7F),
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)),
            ExtensionProfile = profile,
            ExtensionOffset = extOffset,
            ExtensionLength = extLength,
            HeaderLength = offset,
            PaddingLength = paddingLength,
            PayloadLength = packet.Length - offset - paddingLength,
        };
        return true;
    }

    /// <summary>
    /// Reads only as much as SRTP needs: the header length (fixed part, CSRCs, extension), SSRC and
    /// sequence number. Ignores padding, which lies inside the encrypted part of an SRTP packet.
    /// </summary>
    public static bool TryReadHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength || packet[0] >> 6 != RtpVersion) return false;
        int offset = FixedLength + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < offset + 4) return false;
            offset += 4 + BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2)) * 4;
        }
        if (packet.Length < offset) return false;
        headerLength = offset;
        return true;
    }

    /// <summary>The i-th contributing source of <paramref name="packet"/> (RFC 3550 §5.1 CSRC list).</summary>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        if ((uint)index >= CsrcCount) throw new ArgumentOutOfRangeException(nameof(index));
        return BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(FixedLength + 4 * index));
    }

    /// <summary>The RFC 8285 elements of the header extension; empty when there is none or its profile is unknown.</summary>
    public RtpHeaderExtensionEnumerator GetExtensions(ReadOnlySpan<byte> packet) =>
        Extension
            ? new RtpHeaderExtensionEnumerator(packet.Slice(ExtensionOffset, ExtensionLength), ExtensionProfile, ExtensionOffset)
            : default;

    /// <summary>The payload of <paramref name="packet"/>, padding removed.</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(HeaderLength, PayloadLength);
}
