using System.Buffers.Binary;

namespace RedConnect.Synthetic.Ivf;

/// <summary>
/// The 32-byte header of an IVF file, the container libvpx and ffmpeg write raw VP8/VP9 frames into:
/// "DKIF", version, header length, codec FourCC, frame size, time base (rate / scale), frame count.
/// All fields are little-endian.
/// </summary>
public readonly record struct IvfFileHeader(
    ushort Version,
    ushort HeaderLength,
    string FourCc,
    ushort Width,
    ushort Height,
    uint TimebaseDenominator,
    uint TimebaseNumerator,
    uint FrameCount)
{
    /// <summary>Length of the header as written by libvpx and ffmpeg.</summary>
    public const int Length = 32;

    /// <summary>Frame timestamps count in units of <see cref="TimebaseNumerator"/> / <see cref="TimebaseDenominator"/> seconds.</summary>
    public double SecondsPerTick => TimebaseDenominator == 0 ? 0 : (double)TimebaseNumerator / TimebaseDenominator;

    /// <summary>Parses the header; false when the signature, the header length or the size is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<byte> file, out IvfFileHeader header)
    {
        header = default;
        if (file.Length < Length) return false;
        if (file[0] != 'D' || file[1] != 'K' || file[2] != 'I' || file[3] != 'F') return false;
        ushort headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(6));
        if (headerLength < Length || headerLength > file.Length) return false;
        header = new IvfFileHeader(
            BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(4)),
            headerLength,
            string.Create(4, file.Slice(8, 4).ToArray(), static (chars, bytes) =>
            {
                for (int i = 0; i < 4; i++) chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '?';
            }),
            BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(12)),
            BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(14)),
            BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(16)),
            BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(20)),
            BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(24)));
        return true;
    }
}
