using RedConnect.Sfu.Rtp;
using RedConnect.Synthetic.Vp8;

namespace RedConnect.Synthetic.Receiving;

/// <summary>
/// Reception statistics of one incoming SSRC (RFC 3550 §6.4.1, Appendix A.3): packets received,
/// extended highest sequence number, expected = highest − first + 1, lost = expected − received
/// (never below zero, duplicates can outnumber losses). Video streams are also depacketized, so
/// complete frames and key frames are counted.
/// </summary>
public sealed class ReceivedStream
{
    private RtpSequenceUnwrapper _unwrapper;
    private long _firstSequence = -1;

    public ReceivedStream(uint ssrc, bool isVideo)
    {
        Ssrc = ssrc;
        Depacketizer = isVideo ? new Vp8Depacketizer() : null;
    }

    public uint Ssrc { get; }

    public Vp8Depacketizer? Depacketizer { get; }

    public long Packets { get; private set; }

    public long PayloadBytes { get; private set; }

    public long Expected => _firstSequence < 0 ? 0 : _unwrapper.Highest - _firstSequence + 1;

    public long Lost => Math.Max(0, Expected - Packets);

    public long FramesCompleted => Depacketizer?.FramesCompleted ?? 0;

    public long KeyFramesCompleted => Depacketizer?.KeyFramesCompleted ?? 0;

    /// <summary>The last frame reassembled (video only).</summary>
    public Vp8Frame? LastFrame { get; private set; }

    public void Add(in RtpPacket packet)
    {
        long extended = _unwrapper.Unwrap(packet.Header.SequenceNumber);
        if (_firstSequence < 0 || extended < _firstSequence) _firstSequence = extended;
        Packets++;
        PayloadBytes += packet.Header.PayloadLength;
        if (Depacketizer?.Push(packet.Header.SequenceNumber, packet.Header.Timestamp, packet.Header.Marker, packet.Payload) is Vp8Frame frame)
        {
            LastFrame = frame;
        }
    }
}
