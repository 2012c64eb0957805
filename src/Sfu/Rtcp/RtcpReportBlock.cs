using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes on the wire.</summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    public static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        // RFC 3550 §6.4.1: cumulative number of packets lost is a signed 24-bit integer.
        int lost = (source[5] << 16) | (source[6] << 8) | source[7];
        if ((lost & 0x800000) != 0) lost |= unchecked((int)0xFF000000);
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(20)));
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        // Clamp to the signed 24-bit range the field can hold.
        int lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
    }
}

/// <summary>The report blocks of an SR or RR, read lazily from the packet bytes.</summary>
public readonly ref struct RtcpReportBlockList
{
    private readonly ReadOnlySpan<byte> _blocks;

    public RtcpReportBlockList(ReadOnlySpan<byte> blocks) => _blocks = blocks;

    public int Count => _blocks.Length / RtcpReportBlock.Length;

    public RtcpReportBlock this[int index] =>
        (uint)index < (uint)Count
            ? RtcpReportBlock.Read(_blocks.Slice(index * RtcpReportBlock.Length, RtcpReportBlock.Length))
            : throw new ArgumentOutOfRangeException(nameof(index));
}
