using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// Watches one producer's sequence numbers and lists the packets to NACK to the publisher (RFC 4585
/// §6.2.1), like mediasoup's NackGenerator: a gap is NACKed at once, then again every retry interval up
/// to a retry limit; a packet that arrives late leaves the list; one still missing after the maximum age
/// is given up and a key frame requested instead, as is a gap too wide to repair packet by packet.
/// Fixed capacity, no allocation after construction. Not thread-safe; the owning Producer locks.
/// </summary>
public sealed class NackGenerator
{
    /// <summary>Largest gap worth repairing; beyond it a key frame is cheaper (mediasoup: MaxNackPackets).</summary>
    public const int MaxPending = 256;

    private readonly long _retryTicks;
    private readonly long _maxAgeTicks;
    private readonly int _maxRetries;
    private readonly Entry[] _entries = new Entry[MaxPending];
    private int _count;
    private RtpSequenceUnwrapper _unwrapper;

    private struct Entry
    {
        public long ExtendedSequenceNumber;
        public long FirstMissedAt;
        public long LastSentAt;
        public int Retries;
    }

    public NackGenerator(long retryTicks, long maxAgeTicks, int maxRetries)
    {
        _retryTicks = retryTicks;
        _maxAgeTicks = maxAgeTicks;
        _maxRetries = maxRetries;
    }

    /// <summary>Sequence numbers currently missing.</summary>
    public int PendingCount => _count;

    /// <summary>Packets that arrived after being NACKed.</summary>
    public long Recovered { get; private set; }

    /// <summary>
    /// Registers one received packet. Writes the sequence numbers of a newly opened gap to
    /// <paramref name="toNack"/> (to be NACKed now) and returns how many; sets <paramref name="keyFrameNeeded"/>
    /// when the gap is too wide to repair.
    /// </summary>
    public int OnPacket(ushort sequenceNumber, long now, Span<ushort> toNack, out bool keyFrameNeeded)
    {
        keyFrameNeeded = false;
        long highest = _unwrapper.Highest;
        long extended = _unwrapper.Unwrap(sequenceNumber);
        if (highest < 0 || extended == highest) return 0;
        if (extended < highest)
        {
            Remove(extended);
            return 0;
        }

        long gap = extended - highest - 1;
        if (gap == 0) return 0;
        if (gap > MaxPending)
        {
            _count = 0;
            keyFrameNeeded = true;
            return 0;
        }

        int written = 0;
        for (long missing = highest + 1; missing < extended; missing++)
        {
            if (_count == MaxPending)
            {
                // Full: drop the oldest, it is the least likely to still be useful.
                Array.Copy(_entries, 1, _entries, 0, _count - 1);
                _count--;
            }

            _entries[_count++] = new Entry { ExtendedSequenceNumber = missing, FirstMissedAt = now, LastSentAt = now, Retries = 1 };
            if (written < toNack.Length) toNack[written++] = (ushort)missing;
        }

        return written;
    }

    /// <summary>
    /// Periodic pass: writes the sequence numbers due for another NACK, drops those out of retries or
    /// too old, and sets <paramref name="keyFrameNeeded"/> when it gave one up.
    /// </summary>
    public int OnTick(long now, Span<ushort> toNack, out bool keyFrameNeeded)
    {
        keyFrameNeeded = false;
        int written = 0;
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            Entry entry = _entries[i];
            if (now - entry.FirstMissedAt > _maxAgeTicks || entry.Retries >= _maxRetries && now - entry.LastSentAt >= _retryTicks)
            {
                keyFrameNeeded = true;
                continue;
            }

            if (now - entry.LastSentAt >= _retryTicks && written < toNack.Length)
            {
                entry.LastSentAt = now;
                entry.Retries++;
                toNack[written++] = (ushort)entry.ExtendedSequenceNumber;
            }

            _entries[kept++] = entry;
        }

        _count = kept;
        return written;
    }

    private void Remove(long extended)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_entries[i].ExtendedSequenceNumber == extended)
            {
                Array.Copy(_entries, i + 1, _entries, i, _count - i - 1);
                _count--;
                Recovered++;
                return;
            }
        }
    }
}
