using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Hashing;

namespace RedConnect.Synthetic.Publishing;

/// <summary>
/// Send times of the packets our synthetic publishers emit, shared in-process with our synthetic
/// subscribers so they can measure the latency the SFU adds.
/// </summary>
/// <remarks>
/// Why payloads identify packets: the SFU rewrites SSRC, sequence number and timestamp per consumer
/// (RFC 7667 §3.7, <c>RtpStreamRewriter</c>) and zeroes or re-stamps header extensions it does not
/// forward (<c>HeaderExtensionMap</c>), so neither (ssrc, seq) nor a custom extension survives. The
/// payload does: the SFU never touches it. The key is the 64-bit XxHash3 of the payload, kept unique by
/// construction — each publisher encodes Opus from its own noise seed, and VP8 payloads carry a
/// PictureID from a range disjoint per publisher — and entries expire after <see cref="Retention"/>,
/// so a looping clip cannot meet its own earlier packets.
/// </remarks>
public sealed class SendTimeTable
{
    private readonly ConcurrentDictionary<ulong, long> _sent = new();
    private long _lastPrune = Stopwatch.GetTimestamp();

    public SendTimeTable(TimeSpan? retention = null) => Retention = retention ?? TimeSpan.FromSeconds(3);

    public TimeSpan Retention { get; }

    public int Count => _sent.Count;

    public static ulong Key(ReadOnlySpan<byte> payload) => XxHash3.HashToUInt64(payload);

    /// <summary>Records that the packet with this payload leaves now (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Record(ReadOnlySpan<byte> payload, long sendTimestamp)
    {
        _sent[Key(payload)] = sendTimestamp;
        long now = sendTimestamp;
        long last = Volatile.Read(ref _lastPrune);
        if (Stopwatch.GetElapsedTime(last, now) > Retention && Interlocked.CompareExchange(ref _lastPrune, now, last) == last)
        {
            Prune(now);
        }
    }

    /// <summary>The send time of the packet with this payload, if it was recorded and has not expired.</summary>
    public bool TryGetSendTime(ReadOnlySpan<byte> payload, out long sendTimestamp) => _sent.TryGetValue(Key(payload), out sendTimestamp);

    private void Prune(long now)
    {
        foreach (KeyValuePair<ulong, long> entry in _sent)
        {
            if (Stopwatch.GetElapsedTime(entry.Value, now) > Retention) _sent.TryRemove(entry);
        }
    }
}
