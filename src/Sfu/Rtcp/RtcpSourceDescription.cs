using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>One SDES item (RFC 3550 §6.5) together with the SSRC/CSRC of the chunk it belongs to.</summary>
public readonly ref struct RtcpSdesItem
{
    public RtcpSdesItem(uint ssrc, byte type, ReadOnlySpan<byte> text)
    {
        Ssrc = ssrc;
        Type = type;
        Text = text;
    }

    public uint Ssrc { get; }

    /// <summary>Item type; 1 = CNAME (RFC 3550 §6.5.1).</summary>
    public byte Type { get; }

    /// <summary>UTF-8 text, not terminated.</summary>
    public ReadOnlySpan<byte> Text { get; }
}

/// <summary>
/// Source description, PT=202 (RFC 3550 §6.5): chunks of (SSRC, items…, null item, padding to 32 bits).
/// Enumerating yields every item of every chunk; enumeration stops at the first malformed chunk.
/// </summary>
public readonly ref struct RtcpSourceDescription
{
    public const byte CnameItem = 1;

    private readonly ReadOnlySpan<byte> _chunks;

    private RtcpSourceDescription(ReadOnlySpan<byte> chunks, int chunkCount)
    {
        _chunks = chunks;
        ChunkCount = chunkCount;
    }

    public int ChunkCount { get; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpSourceDescription description)
    {
        description = default;
        if (!RtcpHeader.TryParse(packet, out var header) || header.PacketType != RtcpPacketType.SourceDescription) return false;
        description = new RtcpSourceDescription(packet.Slice(RtcpHeader.Length, header.ContentLength - RtcpHeader.Length), header.Count);
        // Validate every chunk once so that enumeration never meets a surprise.
        var e = description.GetEnumerator();
        while (e.MoveNext()) { }
        if (e.CompletedChunks != header.Count)
        {
            description = default;
            return false;
        }
        return true;
    }

    /// <summary>The CNAME of the first chunk that has one.</summary>
    public bool TryGetCname(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        foreach (var item in this)
        {
            if (item.Type == CnameItem)
            {
                ssrc = item.Ssrc;
                cname = item.Text;
                return true;
            }
        }
        ssrc = 0;
        cname = default;
        return false;
    }

    public Enumerator GetEnumerator() => new(_chunks, ChunkCount);

    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _chunks;
        private readonly int _chunkCount;
        private int _offset;
        private bool _inChunk;
        private uint _ssrc;
        private RtcpSdesItem _current;

        internal Enumerator(ReadOnlySpan<byte> chunks, int chunkCount)
        {
            _chunks = chunks;
            _chunkCount = chunkCount;
            _offset = 0;
            _inChunk = false;
            _ssrc = 0;
            _current = default;
            CompletedChunks = 0;
        }

        public readonly RtcpSdesItem Current => _current;

        /// <summary>Chunks read to their end so far.</summary>
        public int CompletedChunks { get; private set; }

        public bool MoveNext()
        {
            while (true)
            {
                if (!_inChunk)
                {
                    if (CompletedChunks >= _chunkCount || _offset + 4 > _chunks.Length) return false;
                    _ssrc = BinaryPrimitives.ReadUInt32BigEndian(_chunks.Slice(_offset));
                    _offset += 4;
                    _inChunk = true;
                }
                if (_offset >= _chunks.Length) return false;
                byte type = _chunks[_offset];
                if (type == 0)
                {
                    // RFC 3550 §6.5: a null item ends the chunk; pad to the next 32-bit boundary.
                    _offset = (_offset + 4) & ~3;
                    if (_offset > _chunks.Length) return false;
                    _inChunk = false;
                    CompletedChunks++;
                    continue;
                }
                if (_offset + 2 > _chunks.Length) return false;
                int length = _chunks[_offset + 1];
                if (_offset + 2 + length > _chunks.Length) return false;
                _current = new RtcpSdesItem(_ssrc, type, _chunks.Slice(_offset + 2, length));
                _offset += 2 + length;
                return true;
            }
        }
    }

    /// <summary>Writes an SDES packet with one chunk carrying only a CNAME (RFC 3550 §6.5.1).</summary>
    public static bool TryWriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int written)
    {
        written = 0;
        if (cname.Length > 255) return false;
        // header + SSRC + type + length + text + null item, padded to 32 bits (at least one null byte).
        int length = (RtcpHeader.Length + 4 + 2 + cname.Length + 1 + 3) & ~3;
        if (destination.Length < length) return false;
        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination.Slice(10));
        destination.Slice(10 + cname.Length, length - 10 - cname.Length).Clear();
        written = length;
        return true;
    }
}
