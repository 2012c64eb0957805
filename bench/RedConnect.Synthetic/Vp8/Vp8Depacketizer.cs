using RedConnect.Sfu.Rtp;

namespace RedConnect.Synthetic.Vp8;

/// <summary>
/// Reassembles VP8 frames from RTP packets in arrival order (RFC 7741 §4): a frame starts at a packet
/// with S = 1 and partition index 0 and ends at the packet with the marker bit; all its packets share
/// the RTP timestamp and have consecutive sequence numbers. A gap, a timestamp change mid-frame or a
/// malformed descriptor drops the frame in progress (counted), and the depacketizer waits for the next
/// frame start, as a decoder would before asking for a key frame. No jitter buffer: loopback keeps order.
/// </summary>
public sealed class Vp8Depacketizer
{
    /// <summary>Frames bigger than this are dropped rather than buffered.</summary>
    public const int MaxFrameLength = 4 * 1024 * 1024;

    private readonly MemoryStream _frame = new();
    private bool _assembling;
    private uint _timestamp;
    private ushort _nextSequenceNumber;
    private int _pictureId;
    private bool _keyFrame;

    public long FramesCompleted { get; private set; }

    public long KeyFramesCompleted { get; private set; }

    /// <summary>Frames abandoned because a packet was missing or out of place.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Payloads too short for their descriptor, or empty.</summary>
    public long MalformedPayloads { get; private set; }

    /// <summary>Feeds one RTP packet (header fields and payload); returns the frame it completes, if any.</summary>
    public Vp8Frame? Push(ushort sequenceNumber, uint timestamp, bool marker, ReadOnlySpan<byte> payload)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor) || descriptor.Length >= payload.Length)
        {
            MalformedPayloads++;
            Abandon();
            return null;
        }

        ReadOnlySpan<byte> fragment = payload.Slice(descriptor.Length);
        if (descriptor.IsStartOfFrame)
        {
            Abandon();
            _assembling = true;
            _timestamp = timestamp;
            _pictureId = descriptor.PictureId;
            _keyFrame = Vp8FrameHeader.IsKeyFrameStart(fragment);
            _frame.SetLength(0);
        }
        else if (!_assembling || timestamp != _timestamp || sequenceNumber != _nextSequenceNumber)
        {
            Abandon();
            return null;
        }

        if (_frame.Length + fragment.Length > MaxFrameLength)
        {
            Abandon();
            return null;
        }

        _frame.Write(fragment);
        _nextSequenceNumber = (ushort)(sequenceNumber + 1);
        if (!marker) return null;

        _assembling = false;
        FramesCompleted++;
        if (_keyFrame) KeyFramesCompleted++;
        return new Vp8Frame(_timestamp, _pictureId, _keyFrame, _frame.ToArray());
    }

    /// <summary>Feeds a whole (unprotected) RTP packet; malformed RTP counts as a malformed payload.</summary>
    public Vp8Frame? Push(ReadOnlySpan<byte> rtpPacket)
    {
        if (!RtpPacket.TryParse(rtpPacket, out RtpPacket packet))
        {
            MalformedPayloads++;
            Abandon();
            return null;
        }

        return Push(packet.Header.SequenceNumber, packet.Header.Timestamp, packet.Header.Marker, packet.Payload);
    }

    private void Abandon()
    {
        if (_assembling) FramesDropped++;
        _assembling = false;
    }
}
