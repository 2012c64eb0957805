namespace RedConnect.Sfu.Rtcp;

/// <summary>One RTCP packet inside a compound packet: its header and its bytes (header and padding included).</summary>
public readonly ref struct RtcpPacketView
{
    public RtcpPacketView(RtcpHeader header, ReadOnlySpan<byte> buffer)
    {
        Header = header;
        Buffer = buffer;
    }

    public RtcpHeader Header { get; }

    public ReadOnlySpan<byte> Buffer { get; }

    public byte PacketType => Header.PacketType;

    /// <summary>RC, SC or FMT.</summary>
    public byte Count => Header.Count;
}

/// <summary>
/// Iterates the packets of a compound RTCP packet (RFC 3550 §6.1) without allocating. Iteration stops
/// at the first packet whose header is invalid or whose length runs past the buffer; <see cref="IsValid"/>
/// tells a caller whether the whole datagram was well formed. Never throws.
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _offset;
    private RtcpPacketView _current;

    public RtcpCompoundReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _offset = 0;
        _current = default;
        Malformed = false;
    }

    /// <summary>Set once iteration stopped on bytes that are not a valid RTCP packet.</summary>
    public bool Malformed { get; private set; }

    public readonly RtcpPacketView Current => _current;

    public readonly RtcpCompoundReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset >= _buffer.Length || Malformed) return false;
        var rest = _buffer.Slice(_offset);
        if (!RtcpHeader.TryParse(rest, out var header))
        {
            Malformed = true;
            return false;
        }
        _current = new RtcpPacketView(header, rest.Slice(0, header.PacketLength));
        _offset += header.PacketLength;
        return true;
    }

    /// <summary>True when <paramref name="buffer"/> is a non-empty sequence of well-formed RTCP packets.</summary>
    public static bool IsValid(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty) return false;
        var reader = new RtcpCompoundReader(buffer);
        while (reader.MoveNext()) { }
        return !reader.Malformed;
    }
}
