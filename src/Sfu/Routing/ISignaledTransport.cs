using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// A media transport whose ICE and DTLS parameters travel in SDP: what a Room needs beyond
/// <see cref="IMediaTransport"/> to answer an offer, learn the browser's credentials and close it.
/// The node's <c>WebRtcTransport</c> satisfies it through <c>SfuNodeTransportFactory</c>.
/// </summary>
public interface ISignaledTransport : IMediaTransport
{
    /// <summary>Our ice-ufrag/ice-pwd, certificate fingerprint and candidates, as every m= section carries them.</summary>
    SdpTransportParameters LocalParameters { get; }

    /// <summary>The browser's ICE credentials and certificate fingerprints from its offer or answer (RFC 8839 §5.4, RFC 8122 §5).</summary>
    void SetRemoteParameters(string iceUfrag, string icePwd, IReadOnlyList<DtlsFingerprint> fingerprints);

    /// <summary>SRTP/SRTCP packets that failed authentication or replay checks on this transport.</summary>
    long SrtpFailures { get; }

    /// <summary>Stops the transport; it reports <see cref="TransportCloseReason.Closed"/> and sends nothing more.</summary>
    void Close();
}

/// <summary>Creates transports for a Room: the seam the node satisfies, and tests replace with recording transports.</summary>
public interface ITransportFactory
{
    ISignaledTransport CreateTransport(IMediaTransportListener listener);
}
