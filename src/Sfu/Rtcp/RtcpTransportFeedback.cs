using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>
/// One packet's fate in a transport-wide CC feedback: its transport sequence number, whether it arrived,
/// and its receive delta in 250 µs ticks (relative to the previous received packet, the first one to
/// the reference time). Delta is 0 for packets not received.
/// </summary>
public readonly record struct TransportPacketResult(ushort SequenceNumber, bool Received, int DeltaTicks)
{
    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.5: deltas count 250 µs.</summary>
    public const int TickMicroseconds = 250;
}

/// <summary>
/// Transport-wide congestion control feedback: RTPFB, FMT=15
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). FCI = base sequence number, packet status
/// count, 24-bit signed reference time (×64 ms), feedback packet count, packet status chunks
/// (run-length or 1-/2-bit status vectors, §3.1.3/§3.1.4), then receive deltas (1 byte unsigned or
/// 2 bytes signed, §3.1.5). <see cref="TryParse"/> validates chunks and deltas up front, so enumerating
/// <see cref="Packets"/> cannot fail.
/// </summary>
public readonly ref struct RtcpTransportFeedback
{
    internal const int FciHeaderLength = 8;

    // §3.1.1 packet status symbols.
    internal const int NotReceived = 0;
    internal const int ReceivedSmallDelta = 1;
    internal const int ReceivedLargeDelta = 2;

    private readonly ReadOnlySpan<byte> _fci;
    private readonly int _deltaOffset;

    private RtcpTransportFeedback(RtcpFeedback fb, int deltaOffset)
    {
        _fci = fb.Fci;
        _deltaOffset = deltaOffset;
        SenderSsrc = fb.SenderSsrc;
        MediaSsrc = fb.MediaSsrc;
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(_fci);
        PacketStatusCount = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(2));
        int reference = _fci[4] << 16 | _fci[5] << 8 | _fci[6];
        ReferenceTime = (reference & 0x800000) != 0 ? reference | unchecked((int)0xFF000000) : reference;
        FeedbackPacketCount = _fci[7];
    }

    public uint SenderSsrc { get; }
    public uint MediaSsrc { get; }
    public ushort BaseSequenceNumber { get; }
    public ushort PacketStatusCount { get; }

    /// <summary>Signed, in multiples of 64 ms.</summary>
    public int ReferenceTime { get; }

    /// <summary>Counts feedback packets, to detect their loss.</summary>
    public byte FeedbackPacketCount { get; }

    public PacketEnumerator Packets => new(_fci, _deltaOffset, BaseSequenceNumber, PacketStatusCount);

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpTransportFeedback feedback)
    {
        feedback = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportWideCongestionControl, out var fb)
            || fb.Fci.Length < FciHeaderLength)
        {
            return false;
        }
        var fci = fb.Fci;
        int remaining = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(2));
        int offset = FciHeaderLength;
        int deltaBytes = 0;
        while (remaining > 0)
        {
            if (offset + 2 > fci.Length) return false;
            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(offset));
            offset += 2;
            int capacity = ChunkCapacity(chunk);
            int n = Math.Min(capacity, remaining);
            for (int k = 0; k < n; k++)
            {
                int symbol = ChunkSymbol(chunk, k);
                if (symbol == 3) return false; // §3.1.1: reserved
                deltaBytes += symbol;          // small delta: 1 byte, large: 2
            }
            remaining -= n;
        }
        if (offset + deltaBytes > fci.Length) return false;
        feedback = new RtcpTransportFeedback(fb, offset);
        return true;
    }

    /// <summary>How many packet statuses a chunk describes (§3.1.3, §3.1.4).</summary>
    internal static int ChunkCapacity(ushort chunk)
    {
        if ((chunk & 0x8000) == 0) return chunk & 0x1FFF; // run length chunk
        return (chunk & 0x4000) == 0 ? 14 : 7;            // 1-bit or 2-bit status vector
    }

    internal static int ChunkSymbol(ushort chunk, int index)
    {
        if ((chunk & 0x8000) == 0) return (chunk >> 13) & 0x3;
        if ((chunk & 0x4000) == 0) return (chunk >> (13 - index)) & 0x1;
        return (chunk >> (12 - 2 * index)) & 0x3;
    }

    public ref struct PacketEnumerator
    {
        private readonly ReadOnlySpan<byte> _fci;
        private readonly int _count;
        private readonly ushort _base;
        private int _index;
        private int _chunkOffset;
        private int _inChunk;
        private int _chunkCapacity;
        private ushort _chunk;
        private int _deltaOffset;
        private TransportPacketResult _current;

        internal PacketEnumerator(ReadOnlySpan<byte> fci, int deltaOffset, ushort baseSequence, int count)
        {
            _fci = fci;
            _count = count;
            _base = baseSequence;
            _index = 0;
            _chunkOffset = FciHeaderLength;
            _inChunk = 0;
            _chunkCapacity = 0;
            _chunk = 0;
            _deltaOffset = deltaOffset;
            _current = default;
        }

        public readonly TransportPacketResult Current => _current;

        public readonly PacketEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_index >= _count || _fci.IsEmpty) return false;
            while (_inChunk >= _chunkCapacity)
            {
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(_chunkOffset));
                _chunkOffset += 2;
                _chunkCapacity = ChunkCapacity(_chunk);
                _inChunk = 0;
            }
            int symbol = ChunkSymbol(_chunk, _inChunk++);
            int delta = 0;
            if (symbol == ReceivedSmallDelta)
            {
                delta = _fci[_deltaOffset];
                _deltaOffset += 1;
            }
            else if (symbol == ReceivedLargeDelta)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_fci.Slice(_deltaOffset));
                _deltaOffset += 2;
            }
            _current = new TransportPacketResult((ushort)(_base + _index), symbol != NotReceived, delta);
            _index++;
            return true;
        }
    }
}
