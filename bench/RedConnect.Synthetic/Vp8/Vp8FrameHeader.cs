namespace RedConnect.Synthetic.Vp8;

/// <summary>
/// The uncompressed data chunk at the start of every VP8 frame (RFC 6386 §9.1, §19.1): a 3-byte frame
/// tag (key frame flag, version, show_frame, size of the first partition) and, on key frames only, the
/// start code 9d 01 2a followed by the 14-bit width and height with their 2-bit scaling factors.
/// The same three tag bytes are the "VP8 payload header" of RFC 7741 §4.3, whose P bit is the inverse
/// key frame flag.
/// </summary>
public readonly record struct Vp8FrameHeader(
    bool IsKeyFrame,
    byte Version,
    bool ShowFrame,
    int FirstPartitionSize,
    int Width,
    int Height,
    byte HorizontalScale,
    byte VerticalScale)
{
    /// <summary>Frame tag length; key frames add 7 bytes (start code, width, height).</summary>
    public const int TagLength = 3;

    public const int KeyFrameHeaderLength = 10;

    /// <summary>Parses the frame tag and, for key frames, the dimensions. False on short or inconsistent data.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out Vp8FrameHeader header)
    {
        header = default;
        if (frame.Length < TagLength) return false;

        // RFC 6386 §9.1: frame_tag is a 24-bit little-endian field:
        // bit 0 key_frame (0 = key frame), bits 1-3 version, bit 4 show_frame, bits 5-23 first_part_size.
        int tag = frame[0] | (frame[1] << 8) | (frame[2] << 16);
        bool keyFrame = (tag & 1) == 0;
        byte version = (byte)((tag >> 1) & 0x7);
        bool show = ((tag >> 4) & 1) == 1;
        int firstPartitionSize = tag >> 5;
        if (!keyFrame)
        {
            header = new Vp8FrameHeader(false, version, show, firstPartitionSize, 0, 0, 0, 0);
            return true;
        }

        if (frame.Length < KeyFrameHeaderLength) return false;
        if (frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a) return false;
        int widthField = frame[6] | (frame[7] << 8);
        int heightField = frame[8] | (frame[9] << 8);
        header = new Vp8FrameHeader(
            true, version, show, firstPartitionSize,
            widthField & 0x3FFF, heightField & 0x3FFF,
            (byte)(widthField >> 14), (byte)(heightField >> 14));
        return true;
    }

    /// <summary>RFC 7741 §4.3: the P bit (bit 0 of the first payload header byte) is 0 for key frames.</summary>
    public static bool IsKeyFrameStart(ReadOnlySpan<byte> frameStart) => frameStart.Length > 0 && (frameStart[0] & 1) == 0;
}
