namespace RedConnect.Synthetic.Receiving;

/// <summary>
/// One-way latencies in microseconds, as measured by one receiver (single writer). Percentiles are taken
/// over the merged samples of many recorders at the end of a run.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly List<int> _samples = new(4096);

    public int Count => _samples.Count;

    public void Add(long microseconds) => _samples.Add((int)Math.Clamp(microseconds, 0, int.MaxValue));

    /// <summary>p50, p99 and max over all samples of <paramref name="recorders"/>; zeros when there are none.</summary>
    public static LatencySummary Summarize(IEnumerable<LatencyRecorder> recorders)
    {
        int[] all = recorders.SelectMany(r => r._samples).ToArray();
        if (all.Length == 0) return new LatencySummary(0, 0, 0, 0);
        Array.Sort(all);
        return new LatencySummary(all.Length, Percentile(all, 0.50), Percentile(all, 0.99), all[^1]);
    }

    private static int Percentile(int[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Latency percentiles in microseconds over <see cref="Samples"/> packets.</summary>
public readonly record struct LatencySummary(int Samples, int P50Microseconds, int P99Microseconds, int MaxMicroseconds);
