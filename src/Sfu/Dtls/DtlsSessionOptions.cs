namespace RedConnect.Sfu.Dtls;

/// <summary>Tunables of a <see cref="DtlsSession"/>; the defaults suit WebRTC.</summary>
public sealed class DtlsSessionOptions
{
    /// <summary>SRTP profiles in preference order (GCM first).</summary>
    public IReadOnlyList<SrtpProtectionProfile> Profiles { get; init; } = DtlsSrtpPolicy.DefaultProfiles;

    /// <summary>Give up the handshake after this long (BouncyCastle's handshake timeout).</summary>
    public int HandshakeTimeoutMillis { get; init; } = DtlsSrtpPolicy.DefaultHandshakeTimeoutMillis;

    /// <summary>Datagrams buffered before the demultiplexer's pushes are dropped.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Largest datagram we send.</summary>
    public int Mtu { get; init; } = DemuxedDatagramTransport.DefaultMtu;

    /// <summary>
    /// Client only, for tests: list DTLS 1.3 before 1.2 in supported_versions as Chromium does, while the
    /// client itself can only complete 1.2 (BouncyCastle 2.7 has no DTLS 1.3). Shows our server picks 1.2.
    /// </summary>
    public bool ClientAdvertisesDtls13 { get; init; }
}
