namespace RedConnect.Synthetic.Vp8;

/// <summary>
/// Splits VP8 frames into RTP payloads (RFC 7741 §4): every payload starts with a payload descriptor;
/// the first packet of a frame has S = 1 and partition index 0, the rest S = 0, so a receiver can
/// find frame starts without parsing the VP8 partitions (we do not align packets to partitions, which
/// RFC 7741 §5 allows). Fragments are of equal size (± 1 byte) rather than "full, full, small", so no
/// packet is needlessly tiny. A 15-bit PictureID (§4.2) counts frames. The caller sets the RTP marker
/// bit on the last packet of the frame and gives all packets of a frame the same 90 kHz timestamp (§4.1).
/// Allocation-free: <see cref="CountPackets"/>, then <see cref="WritePayload"/> per packet, then
/// <see cref="CompleteFrame"/>.
/// </summary>
public sealed class Vp8Packetizer
{
    /// <summary>
    /// A 1200-byte SRTP packet (the MTU WebRTC stacks use) minus the 12-byte RTP header, 8 bytes for a
    /// one-byte header extension block and 16 bytes for the largest SRTP tag (AEAD_AES_128_GCM).
    /// </summary>
    public const int DefaultMaxPayloadSize = 1200 - 12 - 8 - 16;

    private readonly int _maxPayloadSize;
    private readonly bool _pictureIds;
    private int _pictureId;

    public Vp8Packetizer(int maxPayloadSize = DefaultMaxPayloadSize, bool includePictureId = true, int firstPictureId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, 8);
        _maxPayloadSize = maxPayloadSize;
        _pictureIds = includePictureId;
        _pictureId = firstPictureId & 0x7FFF;
    }

    public int MaxPayloadSize => _maxPayloadSize;

    /// <summary>The PictureID the current frame carries (-1 when PictureIDs are off).</summary>
    public int PictureId => _pictureIds ? _pictureId : Vp8PayloadDescriptor.Absent;

    /// <summary>Bytes of descriptor in front of every fragment.</summary>
    public int DescriptorLength => _pictureIds ? 4 : 1;

    /// <summary>Packets a frame of <paramref name="frameLength"/> bytes needs (at least one).</summary>
    public int CountPackets(int frameLength)
    {
        int room = _maxPayloadSize - DescriptorLength;
        return Math.Max(1, (frameLength + room - 1) / room);
    }

    /// <summary>
    /// Writes payload <paramref name="packetIndex"/> of <paramref name="packetCount"/> for the frame:
    /// descriptor plus its fragment. Returns the payload length.
    /// </summary>
    public int WritePayload(ReadOnlySpan<byte> frame, int packetIndex, int packetCount, Span<byte> destination)
    {
        (int start, int length) = Fragment(frame.Length, packetIndex, packetCount);
        int written = Vp8PayloadDescriptor.Write(destination, startOfPartition: packetIndex == 0, partitionIndex: 0, PictureId);
        frame.Slice(start, length).CopyTo(destination.Slice(written));
        return written + length;
    }

    /// <summary>Moves to the next PictureID (mod 2^15, RFC 7741 §4.2).</summary>
    public void CompleteFrame()
    {
        if (_pictureIds) _pictureId = (_pictureId + 1) & 0x7FFF;
    }

    /// <summary>Convenience for tests and tools: all payloads of one frame, then <see cref="CompleteFrame"/>.</summary>
    public List<byte[]> Packetize(ReadOnlySpan<byte> frame)
    {
        int count = CountPackets(frame.Length);
        var payloads = new List<byte[]>(count);
        Span<byte> buffer = stackalloc byte[_maxPayloadSize];
        for (int i = 0; i < count; i++)
        {
            int length = WritePayload(frame, i, count, buffer);
            payloads.Add(buffer.Slice(0, length).ToArray());
        }

        CompleteFrame();
        return payloads;
    }

    private static (int Start, int Length) Fragment(int frameLength, int index, int count)
    {
        int baseLength = frameLength / count;
        int longer = frameLength % count; // the first 'longer' fragments get one byte more
        int start = index * baseLength + Math.Min(index, longer);
        return (start, baseLength + (index < longer ? 1 : 0));
    }
}
