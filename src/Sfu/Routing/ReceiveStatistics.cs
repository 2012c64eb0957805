using RedConnect.Sfu.Rtcp;
using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// What the SFU knows as the receiver of one producer's stream, in the form of an RTCP report block
/// (RFC 3550 §6.4.1): extended highest sequence number, cumulative and fractional loss (§A.3),
/// interarrival jitter (§A.8), and the last sender report for the publisher's round-trip estimate (LSR/DLSR).
/// Not thread-safe; the owning Producer locks.
/// </summary>
public sealed class ReceiveStatistics
{
    private readonly int _clockRate;
    private readonly long _frequency;
    private RtpSequenceUnwrapper _unwrapper;
    private long _baseSequenceNumber = -1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private bool _haveTransit;
    private uint _lastSenderReport;
    private long _lastSenderReportAt = -1;

    public ReceiveStatistics(int clockRate, long tickFrequency)
    {
        _clockRate = clockRate;
        _frequency = tickFrequency;
    }

    public long PacketsReceived => _received;

    public void OnPacket(ushort sequenceNumber, uint timestamp, long arrival)
    {
        long extended = _unwrapper.Unwrap(sequenceNumber);
        if (_baseSequenceNumber < 0 || extended < _baseSequenceNumber) _baseSequenceNumber = extended;
        _received++;

        // RFC 3550 §A.8: J += (|D(i-1,i)| - J) / 16, with arrival measured in RTP timestamp units.
        long arrivalUnits = arrival * _clockRate / _frequency;
        long transit = arrivalUnits - timestamp;
        if (_haveTransit)
        {
            long d = Math.Abs(transit - _lastTransit);
            _jitter += (d - _jitter) / 16.0;
        }

        _lastTransit = transit;
        _haveTransit = true;
    }

    /// <summary>RFC 3550 §6.4.1: LSR is the middle 32 bits of the NTP timestamp of the last SR.</summary>
    public void OnSenderReport(ulong ntpTimestamp, long arrival)
    {
        _lastSenderReport = (uint)(ntpTimestamp >> 16);
        _lastSenderReportAt = arrival;
    }

    /// <summary>The report block for <paramref name="ssrc"/> now; false before the first packet.</summary>
    public bool TryCreateReportBlock(uint ssrc, long now, out RtcpReportBlock block)
    {
        block = default;
        if (_baseSequenceNumber < 0) return false;
        long highest = _unwrapper.Highest;
        long expected = highest - _baseSequenceNumber + 1;
        long lost = expected - _received;

        // RFC 3550 §A.3: fraction lost over the interval since the previous report.
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

        // DLSR in units of 1/65536 s (RFC 3550 §6.4.1).
        uint delay = _lastSenderReportAt < 0 ? 0 : (uint)((now - _lastSenderReportAt) * 65536 / _frequency);
        block = new RtcpReportBlock(
            ssrc,
            fraction,
            (int)Math.Clamp(lost, -0x800000, 0x7FFFFF),
            (uint)highest,
            (uint)_jitter,
            _lastSenderReport,
            _lastSenderReportAt < 0 ? 0 : delay);
        return true;
    }
}
