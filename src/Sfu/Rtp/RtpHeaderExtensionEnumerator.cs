namespace RedConnect.Sfu.Rtp;

/// <summary>One RFC 8285 header extension element: its local id and where its value sits in the packet.</summary>
public readonly ref struct RtpHeaderExtensionElement
{
    public RtpHeaderExtensionElement(byte id, ReadOnlySpan<byte> value, int offset)
    {
        Id = id;
        Value = value;
        Offset = offset;
    }

    /// <summary>Local identifier negotiated in SDP (a=extmap), 1..14 (one-byte) or 1..255 (two-byte).</summary>
    public byte Id { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of <see cref="Value"/> from the start of the RTP packet, for rewriting it in place.</summary>
    public int Offset { get; }
}

/// <summary>
/// Walks the elements of an RFC 8285 header extension block, one-byte (profile 0xBEDE, §4.2) or
/// two-byte (profile 0x100X, §4.3). Stops quietly at the first element that overruns the block.
/// </summary>
public ref struct RtpHeaderExtensionEnumerator
{
    /// <summary>RFC 8285 §4.2: profile word of the one-byte header form.</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>RFC 8285 §4.3: profile word of the two-byte form is 0x100 followed by 4 "appbits".</summary>
    public const ushort TwoByteProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _block;
    private readonly int _blockOffset;
    private readonly bool _oneByte;
    private readonly bool _known;
    private int _position;
    private RtpHeaderExtensionElement _current;

    internal RtpHeaderExtensionEnumerator(ReadOnlySpan<byte> block, ushort profile, int blockOffset)
    {
        _block = block;
        _blockOffset = blockOffset;
        _oneByte = profile == OneByteProfile;
        _known = _oneByte || (profile & 0xFFF0) == TwoByteProfile;
        _position = 0;
        _current = default;
    }

    public readonly RtpHeaderExtensionElement Current => _current;

    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!_known) return false;
        while (_position < _block.Length)
        {
            byte first = _block[_position];
            if (first == 0)
            {
                _position++; // RFC 8285 §4.2/§4.3: a zero byte is padding between elements.
                continue;
            }

            int id, length, valueStart;
            if (_oneByte)
            {
                id = first >> 4;
                if (id == 15) return false; // RFC 8285 §4.2: id 15 is reserved; stop processing.
                length = (first & 0x0F) + 1;
                valueStart = _position + 1;
            }
            else
            {
                if (_position + 1 >= _block.Length) return false;
                id = first;
                length = _block[_position + 1];
                valueStart = _position + 2;
            }

            if (valueStart + length > _block.Length) return false;
            _current = new RtpHeaderExtensionElement((byte)id, _block.Slice(valueStart, length), _blockOffset + valueStart);
            _position = valueStart + length;
            return true;
        }
        return false;
    }
}
