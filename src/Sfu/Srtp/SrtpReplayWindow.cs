namespace RedConnect.Sfu.Srtp;

/// <summary>
/// Sliding replay window of 64 packet indices (RFC 3711 §3.3.2): remembers the highest index accepted
/// and which of the 63 before it were seen. A packet is only <see cref="Accept"/>ed after its tag verified.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    private ulong _seen;

    public long Highest { get; private set; }

    public bool Initialized { get; private set; }

    /// <summary>True when <paramref name="index"/> was already accepted or lies before the window.</summary>
    public readonly bool IsReplay(long index)
    {
        if (!Initialized) return false;
        long delta = index - Highest;
        if (delta > 0) return false;
        if (-delta >= Size) return true;
        return (_seen & (1UL << (int)-delta)) != 0;
    }

    public void Accept(long index)
    {
        if (!Initialized)
        {
            Initialized = true;
            Highest = index;
            _seen = 1;
            return;
        }
        long delta = index - Highest;
        if (delta > 0)
        {
            _seen = delta >= Size ? 1 : (_seen << (int)delta) | 1;
            Highest = index;
        }
        else if (-delta < Size)
        {
            _seen |= 1UL << (int)-delta;
        }
    }
}
