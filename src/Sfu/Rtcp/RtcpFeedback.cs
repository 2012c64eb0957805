using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>
/// The common part of every feedback message (RFC 4585 §6.1): header with FMT, SSRC of the packet
/// sender, SSRC of the media source, then the feedback control information (FCI).
/// </summary>
public readonly ref struct RtcpFeedback
{
    /// <summary>Header, sender SSRC and media SSRC.</summary>
    public const int FixedLength = 12;

    public byte PacketType { get; init; }

    /// <summary>Feedback message type (FMT).</summary>
    public byte Format { get; init; }

    public uint SenderSsrc { get; init; }

    public uint MediaSsrc { get; init; }

    /// <summary>Feedback control information, padding excluded.</summary>
    public ReadOnlySpan<byte> Fci { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpFeedback feedback)
    {
        feedback = default;
        if (!RtcpHeader.TryParse(packet, out var header)
            || header.PacketType is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadSpecificFeedback)
            || header.ContentLength < FixedLength)
        {
            return false;
        }
        feedback = new RtcpFeedback
        {
            PacketType = header.PacketType,
            Format = header.Count,
            SenderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            MediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)),
            Fci = packet.Slice(FixedLength, header.ContentLength - FixedLength),
        };
        return true;
    }

    internal static bool TryParse(ReadOnlySpan<byte> packet, byte packetType, byte format, out RtcpFeedback feedback)
    {
        if (TryParse(packet, out feedback) && feedback.PacketType == packetType && feedback.Format == format) return true;
        feedback = default;
        return false;
    }

    internal static void WriteFixed(Span<byte> destination, byte packetType, byte format, int length, uint senderSsrc, uint mediaSsrc)
    {
        RtcpHeader.Write(destination, format, packetType, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), mediaSsrc);
    }
}
