using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte ApplicationDefined = 204;
    /// <summary>RFC 4585 §6.1: transport layer feedback (generic NACK, transport-wide CC).</summary>
    public const byte TransportFeedback = 205;
    /// <summary>RFC 4585 §6.1: payload-specific feedback (PLI, FIR, REMB).</summary>
    public const byte PayloadSpecificFeedback = 206;
}

/// <summary>Feedback message types carried in the FMT field (RFC 4585 §6.2, §6.3; RFC 5104 §4.3).</summary>
public static class RtcpFeedbackFormat
{
    public const byte GenericNack = 1;
    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.</summary>
    public const byte TransportWideCongestionControl = 15;
    public const byte PictureLossIndication = 1;
    public const byte FullIntraRequest = 4;
    /// <summary>RFC 4585 §6.4: application layer feedback; REMB uses it.</summary>
    public const byte ApplicationLayerFeedback = 15;
}

/// <summary>
/// The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1): version, padding bit, a 5-bit
/// count (RC/SC) or feedback type (FMT), packet type and length in 32-bit words minus one.
/// </summary>
public readonly struct RtcpHeader
{
    public const int Length = 4;

    public bool Padding { get; init; }

    /// <summary>Report count, source count or feedback message type (FMT), depending on the packet type.</summary>
    public byte Count { get; init; }

    public byte PacketType { get; init; }

    /// <summary>Whole packet length in bytes, header and padding included.</summary>
    public int PacketLength { get; init; }

    /// <summary>Packet length without trailing padding.</summary>
    public int ContentLength { get; init; }

    /// <summary>
    /// Reads the header at the start of <paramref name="buffer"/> and checks that the whole packet it
    /// announces fits in the buffer and that a padding count, if any, is sane.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out RtcpHeader header)
    {
        header = default;
        if (buffer.Length < Length || buffer[0] >> 6 != 2) return false;
        int packetLength = (BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2)) + 1) * 4;
        if (packetLength > buffer.Length) return false;
        bool padding = (buffer[0] & 0x20) != 0;
        int contentLength = packetLength;
        if (padding)
        {
            int paddingLength = buffer[packetLength - 1];
            if (paddingLength == 0 || paddingLength > packetLength - Length) return false;
            contentLength -= paddingLength;
        }
        header = new RtcpHeader
        {
            Padding = padding,
            Count = (byte)(buffer[0] & 0x1F),
            PacketType = buffer[1],
            PacketLength = packetLength,
            ContentLength = contentLength,
        };
        return true;
    }

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4).</summary>
    public static void Write(Span<byte> destination, byte count, byte packetType, int packetLength)
    {
        destination[0] = (byte)(0x80 | (count & 0x1F));
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)(packetLength / 4 - 1));
    }
}
