using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>RTCP sender report, PT=200 (RFC 3550 §6.4.1).</summary>
public readonly ref struct RtcpSenderReport
{
    /// <summary>Header, SSRC and the 20-byte sender info.</summary>
    public const int MinimumLength = 28;

    public uint Ssrc { get; init; }

    /// <summary>64-bit NTP timestamp (RFC 3550 §4): seconds since 1900 in the high 32 bits.</summary>
    public ulong NtpTimestamp { get; init; }

    public uint RtpTimestamp { get; init; }
    public uint PacketCount { get; init; }
    public uint OctetCount { get; init; }
    public RtcpReportBlockList ReportBlocks { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpSenderReport report)
    {
        report = default;
        if (!RtcpHeader.TryParse(packet, out var header) || header.PacketType != RtcpPacketType.SenderReport) return false;
        int blocksEnd = MinimumLength + header.Count * RtcpReportBlock.Length;
        if (header.ContentLength < blocksEnd) return false;
        report = new RtcpSenderReport
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(packet.Slice(8)),
            RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(16)),
            PacketCount = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(20)),
            OctetCount = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(24)),
            ReportBlocks = new RtcpReportBlockList(packet.Slice(MinimumLength, header.Count * RtcpReportBlock.Length)),
        };
        return true;
    }

    public static bool TryWrite(
        Span<byte> destination, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount,
        ReadOnlySpan<RtcpReportBlock> reportBlocks, out int written)
    {
        written = 0;
        int length = MinimumLength + reportBlocks.Length * RtcpReportBlock.Length;
        if (reportBlocks.Length > 31 || destination.Length < length) return false;
        RtcpHeader.Write(destination, (byte)reportBlocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), octetCount);
        for (int i = 0; i < reportBlocks.Length; i++)
            reportBlocks[i].Write(destination.Slice(MinimumLength + i * RtcpReportBlock.Length));
        written = length;
        return true;
    }
}
