namespace RedConnect.Sfu.Node;

/// <summary>
/// Counters written by one thread (a receive loop, or a transport under its lock) and read by anyone
/// for stats. Plain fields: a torn or slightly stale read of a statistic is harmless, and no per-packet
/// interlocked operation bounces a cache line between cores.
/// </summary>
internal sealed class NodeCounters
{
    public long PacketsReceived;
    public long BytesReceived;
    public long PacketsSent;
    public long BytesSent;
    public long MalformedStun;
    public long MalformedDtls;
    public long MalformedRtp;
    public long MalformedRtcp;
    public long SrtpAuthFailures;
    public long SrtpReplays;
    public long UnauthenticatedStun;
    public long UnknownSourceDatagrams;
    public long Dropped;

    public void AddTo(NodeCounters total)
    {
        total.PacketsReceived += Volatile.Read(ref PacketsReceived);
        total.BytesReceived += Volatile.Read(ref BytesReceived);
        total.PacketsSent += Volatile.Read(ref PacketsSent);
        total.BytesSent += Volatile.Read(ref BytesSent);
        total.MalformedStun += Volatile.Read(ref MalformedStun);
        total.MalformedDtls += Volatile.Read(ref MalformedDtls);
        total.MalformedRtp += Volatile.Read(ref MalformedRtp);
        total.MalformedRtcp += Volatile.Read(ref MalformedRtcp);
        total.SrtpAuthFailures += Volatile.Read(ref SrtpAuthFailures);
        total.SrtpReplays += Volatile.Read(ref SrtpReplays);
        total.UnauthenticatedStun += Volatile.Read(ref UnauthenticatedStun);
        total.UnknownSourceDatagrams += Volatile.Read(ref UnknownSourceDatagrams);
        total.Dropped += Volatile.Read(ref Dropped);
    }
}
