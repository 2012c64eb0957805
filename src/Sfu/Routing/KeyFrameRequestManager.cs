namespace RedConnect.Sfu.Routing;

/// <summary>
/// Turns many key frame wishes — a subscriber's PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1), a new
/// consumer, a NACK given up — into few PLIs to the publisher, as mediasoup's KeyFrameRequestManager
/// does: at most one per interval; a request inside the interval is remembered and sent when the
/// interval ends (<see cref="OnTick"/>), so a late subscriber still gets its key frame. Thread-safe.
/// </summary>
public sealed class KeyFrameRequestManager
{
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly Action _sendPictureLossIndication;
    private readonly Lock _sync = new();
    private long _lastSentAt;
    private bool _everSent;
    private bool _pending;
    private long _sent;

    public KeyFrameRequestManager(TimeProvider timeProvider, TimeSpan interval, Action sendPictureLossIndication)
    {
        _time = timeProvider;
        _intervalTicks = (long)(interval.TotalSeconds * timeProvider.TimestampFrequency);
        _sendPictureLossIndication = sendPictureLossIndication;
    }

    /// <summary>PLIs actually sent to the publisher.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Asks for a key frame. Returns true when a PLI went out now, false when it was coalesced.</summary>
    public bool Request()
    {
        lock (_sync)
        {
            long now = _time.GetTimestamp();
            if (_everSent && now - _lastSentAt < _intervalTicks)
            {
                _pending = true;
                return false;
            }

            Send(now);
        }

        return true;
    }

    /// <summary>Sends a coalesced request once its interval has passed.</summary>
    public void OnTick()
    {
        lock (_sync)
        {
            long now = _time.GetTimestamp();
            if (_pending && now - _lastSentAt >= _intervalTicks) Send(now);
        }
    }

    private void Send(long now)
    {
        _pending = false;
        _everSent = true;
        _lastSentAt = now;
        Interlocked.Increment(ref _sent);
        _sendPictureLossIndication();
    }
}
