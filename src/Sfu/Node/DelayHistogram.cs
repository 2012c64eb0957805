namespace RedConnect.Sfu.Node;

/// <summary>
/// Microsecond delays in log-scale buckets (four per power of two, so a percentile is exact to ≈ 19 %), from
/// 1 µs to ≈ 67 s; larger values land in the last bucket. Written by one thread without locks or interlocked
/// operations; read by anyone for stats (a slightly stale read is harmless).
/// </summary>
internal sealed class DelayHistogram
{
    private const int SubBuckets = 4;
    private const int Octaves = 26; // 2^26 µs ≈ 67 s
    private const int BucketCount = Octaves * SubBuckets;

    private readonly long[] _counts = new long[BucketCount];
    private long _max;

    /// <summary>Adds one delay (negative values, from a clock step, count as 0).</summary>
    public void Record(long microseconds)
    {
        if (microseconds < 0) microseconds = 0;
        _counts[BucketOf(microseconds)]++;
        if (microseconds > _max) _max = microseconds;
    }

    /// <summary>Starts over (called from another thread: a sample recorded meanwhile may survive or vanish).</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        Volatile.Write(ref _max, 0);
    }

    /// <summary>Adds this histogram's counts to <paramref name="total"/>.</summary>
    public void AddTo(DelayHistogram total)
    {
        for (int i = 0; i < BucketCount; i++) total._counts[i] += Volatile.Read(ref _counts[i]);
        long max = Volatile.Read(ref _max);
        if (max > total._max) total._max = max;
    }

    /// <summary>Samples, median, 99th percentile (upper edges of their buckets, never above the maximum) and maximum.</summary>
    public DelaySummary Summarize()
    {
        long count = 0;
        foreach (long c in _counts) count += c;
        if (count == 0) return new DelaySummary(0, 0, 0, 0);
        return new DelaySummary(count, Percentile(count, 0.50), Percentile(count, 0.99), _max);
    }

    private long Percentile(long count, double fraction)
    {
        long rank = Math.Max(1, (long)Math.Ceiling(fraction * count));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(UpperEdge(i), _max);
        }

        return _max;
    }

    /// <summary>Bucket 0 holds 0–1 µs; above that, octave k (values in [2^k, 2^(k+1))) splits into four equal parts.</summary>
    internal static int BucketOf(long microseconds)
    {
        if (microseconds < 2) return 0;
        int octave = 63 - (int)ulong.LeadingZeroCount((ulong)microseconds); // floor(log2)
        if (octave >= Octaves) return BucketCount - 1;
        long offset = microseconds - (1L << octave);
        int sub = (int)(offset * SubBuckets >> octave);
        return Math.Min(octave * SubBuckets + sub, BucketCount - 1);
    }

    /// <summary>The largest value that falls in bucket <paramref name="bucket"/>.</summary>
    internal static long UpperEdge(int bucket)
    {
        if (bucket == 0) return 1;
        int octave = bucket / SubBuckets;
        int sub = bucket % SubBuckets;
        long start = 1L << octave;
        return start + (((sub + 1) * start) + SubBuckets - 1) / SubBuckets - 1; // offsets s·start/4 … (s+1)·start/4, rounded up
    }
}

/// <summary>What a <see cref="DelayHistogram"/> holds, in microseconds.</summary>
public readonly record struct DelaySummary(long Samples, long P50Microseconds, long P99Microseconds, long MaxMicroseconds);
