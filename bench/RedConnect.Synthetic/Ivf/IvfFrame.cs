namespace RedConnect.Synthetic.Ivf;

/// <summary>One frame of an IVF file: its presentation timestamp (in the file's time base) and its bytes.</summary>
public readonly record struct IvfFrame(ulong Timestamp, ReadOnlyMemory<byte> Data)
{
    /// <summary>Each frame is preceded by 4 bytes of size and 8 bytes of timestamp, little-endian.</summary>
    public const int HeaderLength = 12;
}
