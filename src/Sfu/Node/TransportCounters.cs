namespace RedConnect.Sfu.Node;

/// <summary>
/// One transport's counters for one side of its work: the receive side is written under the transport's
/// receive lock, the send side under its send lock, so increments need no interlocked operation.
/// </summary>
internal sealed class TransportCounters
{
    public long PacketsReceived;
    public long BytesReceived;
    public long PacketsSent;
    public long BytesSent;
    public long RtpPacketsReceived;
    public long RtcpPacketsReceived;
    public long RtpPacketsSent;
    public long RtcpPacketsSent;
    public long IceChecksAccepted;
    public long IceChecksUnauthenticated;
    public long IceAddressChanges;
    public long MalformedStun;
    public long MalformedDtls;
    public long MalformedRtp;
    public long MalformedRtcp;
    public long SrtpAuthFailures;
    public long SrtpReplays;
    public long Dropped;

    public static TransportStats Snapshot(TransportCounters a, TransportCounters b) => new()
    {
        PacketsReceived = Volatile.Read(ref a.PacketsReceived) + Volatile.Read(ref b.PacketsReceived),
        BytesReceived = Volatile.Read(ref a.BytesReceived) + Volatile.Read(ref b.BytesReceived),
        PacketsSent = Volatile.Read(ref a.PacketsSent) + Volatile.Read(ref b.PacketsSent),
        BytesSent = Volatile.Read(ref a.BytesSent) + Volatile.Read(ref b.BytesSent),
        RtpPacketsReceived = Volatile.Read(ref a.RtpPacketsReceived) + Volatile.Read(ref b.RtpPacketsReceived),
        RtcpPacketsReceived = Volatile.Read(ref a.RtcpPacketsReceived) + Volatile.Read(ref b.RtcpPacketsReceived),
        RtpPacketsSent = Volatile.Read(ref a.RtpPacketsSent) + Volatile.Read(ref b.RtpPacketsSent),
        RtcpPacketsSent = Volatile.Read(ref a.RtcpPacketsSent) + Volatile.Read(ref b.RtcpPacketsSent),
        IceChecksAccepted = Volatile.Read(ref a.IceChecksAccepted) + Volatile.Read(ref b.IceChecksAccepted),
        IceChecksUnauthenticated = Volatile.Read(ref a.IceChecksUnauthenticated) + Volatile.Read(ref b.IceChecksUnauthenticated),
        IceAddressChanges = Volatile.Read(ref a.IceAddressChanges) + Volatile.Read(ref b.IceAddressChanges),
        MalformedStun = Volatile.Read(ref a.MalformedStun) + Volatile.Read(ref b.MalformedStun),
        MalformedDtls = Volatile.Read(ref a.MalformedDtls) + Volatile.Read(ref b.MalformedDtls),
        MalformedRtp = Volatile.Read(ref a.MalformedRtp) + Volatile.Read(ref b.MalformedRtp),
        MalformedRtcp = Volatile.Read(ref a.MalformedRtcp) + Volatile.Read(ref b.MalformedRtcp),
        SrtpAuthFailures = Volatile.Read(ref a.SrtpAuthFailures) + Volatile.Read(ref b.SrtpAuthFailures),
        SrtpReplays = Volatile.Read(ref a.SrtpReplays) + Volatile.Read(ref b.SrtpReplays),
        Dropped = Volatile.Read(ref a.Dropped) + Volatile.Read(ref b.Dropped),
    };

    /// <summary>Adds what the node reports on top of its receive loops' own counts (not packets received:
    /// the loops counted those already).</summary>
    public static void AddTo(TransportStats stats, NodeCounters total)
    {
        total.PacketsSent += stats.PacketsSent;
        total.BytesSent += stats.BytesSent;
        total.MalformedStun += stats.MalformedStun;
        total.MalformedDtls += stats.MalformedDtls;
        total.MalformedRtp += stats.MalformedRtp;
        total.MalformedRtcp += stats.MalformedRtcp;
        total.SrtpAuthFailures += stats.SrtpAuthFailures;
        total.SrtpReplays += stats.SrtpReplays;
        total.UnauthenticatedStun += stats.IceChecksUnauthenticated;
        total.Dropped += stats.Dropped;
    }
}
