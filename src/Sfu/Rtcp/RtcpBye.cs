using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>Goodbye, PT=203 (RFC 3550 §6.6): the sources that leave, and an optional reason.</summary>
public readonly ref struct RtcpBye
{
    private readonly ReadOnlySpan<byte> _ssrcs;

    private RtcpBye(ReadOnlySpan<byte> ssrcs, ReadOnlySpan<byte> reason)
    {
        _ssrcs = ssrcs;
        Reason = reason;
    }

    public int SsrcCount => _ssrcs.Length / 4;

    public uint GetSsrc(int index) => (uint)index < (uint)SsrcCount
        ? BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(index * 4))
        : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>UTF-8 reason for leaving; empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpBye bye)
    {
        bye = default;
        if (!RtcpHeader.TryParse(packet, out var header) || header.PacketType != RtcpPacketType.Goodbye) return false;
        int ssrcEnd = RtcpHeader.Length + 4 * header.Count;
        if (header.ContentLength < ssrcEnd) return false;
        ReadOnlySpan<byte> reason = default;
        if (header.ContentLength > ssrcEnd)
        {
            int reasonLength = packet[ssrcEnd];
            if (ssrcEnd + 1 + reasonLength > header.ContentLength) return false;
            reason = packet.Slice(ssrcEnd + 1, reasonLength);
        }
        bye = new RtcpBye(packet.Slice(RtcpHeader.Length, 4 * header.Count), reason);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason, out int written)
    {
        written = 0;
        if (ssrcs.Length > 31 || reason.Length > 255) return false;
        int length = RtcpHeader.Length + 4 * ssrcs.Length;
        if (!reason.IsEmpty) length = (length + 1 + reason.Length + 3) & ~3;
        if (destination.Length < length) return false;
        RtcpHeader.Write(destination, (byte)ssrcs.Length, RtcpPacketType.Goodbye, length);
        int offset = RtcpHeader.Length;
        foreach (uint ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), ssrc);
            offset += 4;
        }
        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination.Slice(offset + 1));
            destination.Slice(offset + 1 + reason.Length, length - offset - 1 - reason.Length).Clear();
        }
        written = length;
        return true;
    }
}
