using System.Buffers.Binary;
using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Rtcp;

/// <summary>
/// Generic NACK: RTPFB, FMT=1 (RFC 4585 §6.2.1). Each 4-byte FCI item names a lost packet (PID) and,
/// in the bitmask BLP, which of the 16 following packets are lost too (bit i ⇒ PID + i + 1).
/// </summary>
public readonly ref struct RtcpGenericNack
{
    public const int ItemLength = 4;

    private readonly ReadOnlySpan<byte> _fci;

    private RtcpGenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    public uint SenderSsrc { get; }

    /// <summary>The media stream whose packets are missing.</summary>
    public uint MediaSsrc { get; }

    public int ItemCount => _fci.Length / ItemLength;

    public (ushort PacketId, ushort LostBitmask) GetItem(int index) => (uint)index < (uint)ItemCount
        ? (BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(index * ItemLength)), BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(index * ItemLength + 2)))
        : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Every lost sequence number, PID and BLP expanded, in packet order.</summary>
    public LostSequenceNumberEnumerator LostSequenceNumbers => new(_fci);

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpGenericNack nack)
    {
        nack = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, out var fb)
            || fb.Fci.Length == 0 || fb.Fci.Length % ItemLength != 0)
        {
            return false;
        }
        nack = new RtcpGenericNack(fb.SenderSsrc, fb.MediaSsrc, fb.Fci);
        return true;
    }

    /// <summary>
    /// Writes a NACK for <paramref name="lost"/>, sequence numbers in ascending (wrap-aware) order; each run
    /// within 16 of a PID shares its item. False when <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost, out int written)
    {
        written = 0;
        if (lost.IsEmpty || destination.Length < RtcpFeedback.FixedLength) return false;
        int offset = RtcpFeedback.FixedLength;
        int i = 0;
        while (i < lost.Length)
        {
            ushort pid = lost[i];
            ushort blp = 0;
            int j = i + 1;
            while (j < lost.Length)
            {
                int distance = RtpSequenceNumber.Distance(pid, lost[j]);
                if (distance == 0) { j++; continue; } // duplicate
                if (distance < 1 || distance > 16) break;
                blp |= (ushort)(1 << (distance - 1));
                j++;
            }
            if (offset + ItemLength > destination.Length) return false;
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), blp);
            offset += ItemLength;
            i = j;
        }
        RtcpFeedback.WriteFixed(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, offset, senderSsrc, mediaSsrc);
        written = offset;
        return true;
    }

    public ref struct LostSequenceNumberEnumerator
    {
        private readonly ReadOnlySpan<byte> _fci;
        private int _item;
        private int _bit; // -1 = the PID itself, 0..15 = BLP bits
        private ushort _current;

        internal LostSequenceNumberEnumerator(ReadOnlySpan<byte> fci)
        {
            _fci = fci;
            _item = 0;
            _bit = -2;
            _current = 0;
        }

        public readonly ushort Current => _current;

        public readonly LostSequenceNumberEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_item * ItemLength + ItemLength <= _fci.Length)
            {
                var entry = _fci.Slice(_item * ItemLength, ItemLength);
                ushort pid = BinaryPrimitives.ReadUInt16BigEndian(entry);
                ushort blp = BinaryPrimitives.ReadUInt16BigEndian(entry.Slice(2));
                _bit++;
                if (_bit == -1)
                {
                    _current = pid;
                    return true;
                }
                while (_bit < 16 && (blp & (1 << _bit)) == 0) _bit++;
                if (_bit < 16)
                {
                    _current = (ushort)(pid + _bit + 1);
                    return true;
                }
                _item++;
                _bit = -2;
            }
            return false;
        }
    }
}
