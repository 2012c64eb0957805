namespace RedConnect.Sfu.Srtp;

/// <summary>
/// What a crypto context remembers per SSRC (RFC 3711 §3.2.1, §3.3.1): the highest RTP packet index
/// (its upper 32 bits are the rollover counter, the lower 16 the highest sequence number s_l), the
/// replay windows, and the next SRTCP index to send.
/// </summary>
internal sealed class SrtpStreamState
{
    /// <summary>RTP: accepted indices on receive, sent indices on send (there only <see cref="SrtpReplayWindow.Highest"/> matters).</summary>
    public SrtpReplayWindow Rtp;

    /// <summary>SRTCP indices accepted on receive.</summary>
    public SrtpReplayWindow Rtcp;

    /// <summary>Next 31-bit SRTCP index to use when protecting RTCP for this SSRC.</summary>
    public uint NextSrtcpIndex;

    /// <summary>
    /// RFC 3711 §3.3.1 and Appendix A: the index i = 2^16 · v + SEQ of a packet, v being ROC − 1, ROC or
    /// ROC + 1, whichever puts SEQ closest to s_l. Before the first packet ROC = 0 and the index is SEQ.
    /// A result below 0 means "before the first packet of the stream" and is never accepted.
    /// </summary>
    public static long EstimateIndex(in SrtpReplayWindow window, ushort sequenceNumber)
    {
        if (!window.Initialized) return sequenceNumber;
        long roc = window.Highest >> 16;
        int sL = (int)(window.Highest & 0xFFFF);
        long v;
        if (sL < 32768)
            v = sequenceNumber - sL > 32768 ? roc - 1 : roc;
        else
            v = sL - 32768 > sequenceNumber ? roc + 1 : roc;
        return v < 0 ? -1 : (v << 16) | sequenceNumber;
    }
}
