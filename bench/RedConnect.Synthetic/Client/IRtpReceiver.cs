namespace RedConnect.Synthetic.Client;

/// <summary>What a <see cref="SyntheticConnection"/> hands up after SRTP unprotect. Called on the connection's receive thread.</summary>
public interface IRtpReceiver
{
    /// <summary>One authenticated, decrypted RTP packet and the <see cref="System.Diagnostics.Stopwatch"/> timestamp of its datagram's arrival.</summary>
    void OnRtp(ReadOnlySpan<byte> rtp, long receivedTimestamp);

    /// <summary>One authenticated, decrypted compound RTCP packet.</summary>
    void OnRtcp(ReadOnlySpan<byte> rtcp);
}
