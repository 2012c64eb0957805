using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// Gives one consumer's outgoing stream its own sequence numbers and timestamps (RFC 3550 §5.1: both
/// start at random values per SSRC) and keeps them continuous when the source behind the consumer
/// changes — a publisher replaces its camera, renegotiates a new SSRC, reconnects. On a switch the next
/// packet gets the next sequence number, and its timestamp advances by the wall-clock time since the last
/// packet, so the subscriber's jitter buffer sees one uninterrupted stream (RFC 7667 §3.7 switching
/// translator). Not thread-safe; the owning <see cref="Consumer"/> serializes calls.
/// </summary>
public sealed class RtpStreamRewriter
{
    private const int EpochGuardSpan = 1 << 14;

    private readonly int _clockRate;
    private readonly ushort _initialSequenceNumber;
    private readonly uint _initialTimestamp;
    private bool _started;
    private uint _sourceSsrc;
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private ushort _highestSequenceNumber;
    private ushort _epochFirstSequenceNumber;
    // True while the switch point is recent enough to compare against with 16-bit arithmetic. Once the stream has
    // moved 2^14 packets past it, no late packet can still belong before it, and comparing with it would wrap
    // (RFC 3550 sequence numbers are only ordered within half the number space).
    private bool _epochGuard;
    private uint _lastTimestamp;
    private long _lastTicks;

    public RtpStreamRewriter(int clockRate, ushort initialSequenceNumber, uint initialTimestamp)
    {
        _clockRate = clockRate;
        _initialSequenceNumber = initialSequenceNumber;
        _initialTimestamp = initialTimestamp;
    }

    /// <summary>The source SSRC the current offsets belong to.</summary>
    public uint SourceSsrc => _sourceSsrc;

    public bool Started => _started;

    /// <summary>
    /// Maps one source packet to the outgoing sequence number and timestamp. Returns false for a packet
    /// that must not be sent: a late packet of the current source that would land before the switch point
    /// and collide with numbers the previous source already used.
    /// </summary>
    public bool TryRewrite(uint sourceSsrc, ushort sequenceNumber, uint timestamp, long ticks, long tickFrequency, out ushort outSequenceNumber, out uint outTimestamp)
    {
        if (!_started)
        {
            _started = true;
            _sourceSsrc = sourceSsrc;
            _sequenceOffset = (ushort)(_initialSequenceNumber - sequenceNumber);
            _timestampOffset = _initialTimestamp - timestamp;
            _epochFirstSequenceNumber = _initialSequenceNumber;
            _epochGuard = true;
            _highestSequenceNumber = (ushort)(_initialSequenceNumber - 1);
        }
        else if (sourceSsrc != _sourceSsrc)
        {
            ushort next = (ushort)(_highestSequenceNumber + 1);
            long elapsed = Math.Max(0, ticks - _lastTicks);
            uint advance = (uint)Math.Clamp(elapsed * _clockRate / tickFrequency, 1, int.MaxValue);
            _sourceSsrc = sourceSsrc;
            _sequenceOffset = (ushort)(next - sequenceNumber);
            _timestampOffset = _lastTimestamp + advance - timestamp;
            _epochFirstSequenceNumber = next;
            _epochGuard = true;
        }

        outSequenceNumber = (ushort)(sequenceNumber + _sequenceOffset);
        outTimestamp = timestamp + _timestampOffset;
        if (RtpSequenceNumber.IsNewer(outSequenceNumber, _highestSequenceNumber))
        {
            _highestSequenceNumber = outSequenceNumber;
            _lastTimestamp = outTimestamp;
            _lastTicks = ticks;
            if (_epochGuard && RtpSequenceNumber.Distance(_epochFirstSequenceNumber, _highestSequenceNumber) > EpochGuardSpan)
                _epochGuard = false;
        }
        else if (_epochGuard && RtpSequenceNumber.Distance(_epochFirstSequenceNumber, outSequenceNumber) < 0)
        {
            return false; // late packet from before the switch point: its number is taken
        }

        return true;
    }

    /// <summary>
    /// Maps a sequence number this consumer sent back to the source's (for NACKs, RFC 4585 §6.2.1). Only
    /// numbers of the current source are mappable; older ones belong to a source that is gone.
    /// </summary>
    public bool TryMapToSource(ushort outSequenceNumber, out ushort sourceSequenceNumber)
    {
        sourceSequenceNumber = (ushort)(outSequenceNumber - _sequenceOffset);
        return _started
            && RtpSequenceNumber.Distance(outSequenceNumber, _highestSequenceNumber) >= 0
            && (!_epochGuard || RtpSequenceNumber.Distance(_epochFirstSequenceNumber, outSequenceNumber) >= 0);
    }

    /// <summary>Translates a source RTP timestamp (e.g. of a sender report) to this consumer's timeline.</summary>
    public bool TryTranslateTimestamp(uint sourceSsrc, uint timestamp, out uint outTimestamp)
    {
        outTimestamp = timestamp + _timestampOffset;
        return _started && sourceSsrc == _sourceSsrc;
    }
}
