using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>One FIR entry (RFC 5104 §4.3.1.1): the media sender asked for a decoder refresh, and a command sequence number.</summary>
public readonly record struct RtcpFirEntry(uint Ssrc, byte SequenceNumber);

/// <summary>
/// Full Intra Request: PSFB, FMT=4 (RFC 5104 §4.3.1). The media-source SSRC of the common header is
/// unused (0); the targets are in the FCI entries, 8 bytes each.
/// </summary>
public readonly ref struct RtcpFullIntraRequest
{
    public const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _fci;

    private RtcpFullIntraRequest(uint senderSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        _fci = fci;
    }

    public uint SenderSsrc { get; }

    public int Count => _fci.Length / EntryLength;

    public RtcpFirEntry this[int index] => (uint)index < (uint)Count
        ? new RtcpFirEntry(BinaryPrimitives.ReadUInt32BigEndian(_fci.Slice(index * EntryLength)), _fci[index * EntryLength + 4])
        : throw new ArgumentOutOfRangeException(nameof(index));

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpFullIntraRequest fir)
    {
        fir = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.FullIntraRequest, out var fb)
            || fb.Fci.Length == 0 || fb.Fci.Length % EntryLength != 0)
        {
            return false;
        }
        fir = new RtcpFullIntraRequest(fb.SenderSsrc, fb.Fci);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ReadOnlySpan<RtcpFirEntry> entries, out int written)
    {
        written = 0;
        int length = RtcpFeedback.FixedLength + entries.Length * EntryLength;
        if (entries.IsEmpty || destination.Length < length) return false;
        RtcpFeedback.WriteFixed(destination, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.FullIntraRequest, length, senderSsrc, 0);
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = destination.Slice(RtcpFeedback.FixedLength + i * EntryLength, EntryLength);
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            entry[4] = entries[i].SequenceNumber;
            entry.Slice(5).Clear(); // RFC 5104 §4.3.1.1: reserved, set to 0
        }
        written = length;
        return true;
    }
}
