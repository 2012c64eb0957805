using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Ice;

namespace RedConnect.Synthetic.Client;

/// <summary>Our side of one peer connection as it goes into SDP: ICE credentials (RFC 8839 §5.4) and certificate fingerprint (RFC 8122 §5).</summary>
public sealed record LocalTransportParameters(IceCredentials Ice, DtlsFingerprint Fingerprint);
