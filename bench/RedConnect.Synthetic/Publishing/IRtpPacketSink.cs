namespace RedConnect.Synthetic.Publishing;

/// <summary>Where a <see cref="MediaPublisher"/> hands its plain RTP packets (a connection protects and sends them).</summary>
public interface IRtpPacketSink
{
    /// <summary>
    /// Sends buffer[..length]. The buffer has spare room after the packet for an SRTP tag, so the sink
    /// may protect in place. Returns false when the packet could not be sent.
    /// </summary>
    bool SendRtp(Span<byte> buffer, int length);
}
