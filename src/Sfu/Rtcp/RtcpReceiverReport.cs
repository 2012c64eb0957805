using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>RTCP receiver report, PT=201 (RFC 3550 §6.4.2).</summary>
public readonly ref struct RtcpReceiverReport
{
    public const int MinimumLength = 8;

    /// <summary>SSRC of the packet sender (the receiver that reports).</summary>
    public uint Ssrc { get; init; }

    public RtcpReportBlockList ReportBlocks { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpReceiverReport report)
    {
        report = default;
        if (!RtcpHeader.TryParse(packet, out var header) || header.PacketType != RtcpPacketType.ReceiverReport) return false;
        if (header.ContentLength < MinimumLength + header.Count * RtcpReportBlock.Length) return false;
        report = new RtcpReceiverReport
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            ReportBlocks = new RtcpReportBlockList(packet.Slice(MinimumLength, header.Count * RtcpReportBlock.Length)),
        };
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> reportBlocks, out int written)
    {
        written = 0;
        int length = MinimumLength + reportBlocks.Length * RtcpReportBlock.Length;
        if (reportBlocks.Length > 31 || destination.Length < length) return false;
        RtcpHeader.Write(destination, (byte)reportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        for (int i = 0; i < reportBlocks.Length; i++)
            reportBlocks[i].Write(destination.Slice(MinimumLength + i * RtcpReportBlock.Length));
        written = length;
        return true;
    }
}
