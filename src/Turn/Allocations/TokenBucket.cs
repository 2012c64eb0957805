namespace RedConnect.Turn.Allocations;

/// <summary>
/// Per-allocation bandwidth cap (coturn <c>max-bps</c>): a token bucket of one second's worth of bytes,
/// refilled from <see cref="TimeProvider"/> timestamps. Excess datagrams are dropped, as an overloaded
/// UDP path would. Allocation-free.
/// </summary>
internal sealed class TokenBucket
{
    private readonly long _bytesPerSecond;
    private readonly long _frequency;
    private readonly object _gate = new();
    private long _tokens;
    private long _last;

    public TokenBucket(long bytesPerSecond, long now, long timestampFrequency)
    {
        _bytesPerSecond = bytesPerSecond;
        _frequency = timestampFrequency;
        _tokens = bytesPerSecond;
        _last = now;
    }

    /// <summary>Takes <paramref name="bytes"/> tokens if available.</summary>
    public bool TryConsume(int bytes, long now)
    {
        lock (_gate)
        {
            var elapsed = now - _last;
            if (elapsed > 0)
            {
                var refill = elapsed >= _frequency ? _bytesPerSecond : (long)((double)elapsed * _bytesPerSecond / _frequency);
                if (refill > 0)
                {
                    _tokens = Math.Min(_bytesPerSecond, _tokens + refill);
                    _last = now;
                }
            }

            if (_tokens < bytes)
            {
                return false;
            }

            _tokens -= bytes;
            return true;
        }
    }
}
