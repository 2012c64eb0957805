using System.Buffers.Binary;

namespace RedConnect.Synthetic.Ivf;

/// <summary>
/// Reads the frames of an IVF file held in memory. Never throws on bad input: a file without a valid
/// header is refused by <see cref="TryOpen"/>, and <see cref="TryReadFrame"/> stops (and sets
/// <see cref="IsTruncated"/>) at a frame whose header or body runs past the end of the data.
/// </summary>
public sealed class IvfReader
{
    /// <summary>Frames larger than this are treated as corruption rather than allocated.</summary>
    public const int MaxFrameLength = 16 * 1024 * 1024;

    private readonly ReadOnlyMemory<byte> _file;
    private int _offset;

    private IvfReader(ReadOnlyMemory<byte> file, IvfFileHeader header)
    {
        _file = file;
        Header = header;
        _offset = header.HeaderLength;
    }

    public IvfFileHeader Header { get; }

    /// <summary>Set once a frame header or body was found cut off (or implausibly large).</summary>
    public bool IsTruncated { get; private set; }

    /// <summary>Opens the file; false when it does not start with a valid IVF header.</summary>
    public static bool TryOpen(ReadOnlyMemory<byte> file, out IvfReader? reader)
    {
        reader = null;
        if (!IvfFileHeader.TryParse(file.Span, out IvfFileHeader header)) return false;
        reader = new IvfReader(file, header);
        return true;
    }

    /// <summary>The next frame; false at the end of the data or at a truncated frame.</summary>
    public bool TryReadFrame(out IvfFrame frame)
    {
        frame = default;
        int remaining = _file.Length - _offset;
        if (remaining == 0) return false;
        if (remaining < IvfFrame.HeaderLength)
        {
            IsTruncated = true;
            _offset = _file.Length;
            return false;
        }

        ReadOnlySpan<byte> header = _file.Span.Slice(_offset, IvfFrame.HeaderLength);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(header);
        ulong timestamp = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(4));
        if (size > MaxFrameLength || size > (uint)(remaining - IvfFrame.HeaderLength))
        {
            IsTruncated = true;
            _offset = _file.Length;
            return false;
        }

        frame = new IvfFrame(timestamp, _file.Slice(_offset + IvfFrame.HeaderLength, (int)size));
        _offset += IvfFrame.HeaderLength + (int)size;
        return true;
    }

    /// <summary>All complete frames that follow.</summary>
    public List<IvfFrame> ReadAll()
    {
        var frames = new List<IvfFrame>();
        while (TryReadFrame(out IvfFrame frame)) frames.Add(frame);
        return frames;
    }
}
