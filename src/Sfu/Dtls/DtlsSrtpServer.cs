using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RedConnect.Sfu.Dtls;

/// <summary>
/// The SFU's side of DTLS-SRTP (RFC 5764): DTLS 1.2 only, ECDHE_ECDSA with AEAD, extended master secret,
/// use_srtp, and a client certificate that must match the browser's SDP fingerprint. A browser that
/// offers DTLS 1.3 first falls back to 1.2 because the server selects the version (RFC 9147 §5.3).
/// </summary>
public sealed class DtlsSrtpServer : DefaultTlsServer, IDtlsSrtpPeer
{
    private readonly DtlsCertificate _certificate;
    private readonly IReadOnlyList<DtlsFingerprint> _expectedClientFingerprints;
    private readonly IReadOnlyList<SrtpProtectionProfile> _profiles;
    private readonly int _handshakeTimeoutMillis;
    private SrtpProtectionProfile? _selected;

    public DtlsSrtpServer(
        DtlsCertificate certificate,
        IReadOnlyList<DtlsFingerprint> expectedClientFingerprints,
        IReadOnlyList<SrtpProtectionProfile>? profiles = null,
        int handshakeTimeoutMillis = DtlsSrtpPolicy.DefaultHandshakeTimeoutMillis)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _expectedClientFingerprints = expectedClientFingerprints;
        _profiles = profiles ?? DtlsSrtpPolicy.DefaultProfiles;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /// <summary>Set once the handshake completed: profile and exported keys.</summary>
    public DtlsSrtpResult? Result { get; private set; }

    /// <summary>The last alert we raised or received, for the failure reason.</summary>
    public string? LastAlert { get; private set; }

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    public override bool RequiresExtendedMasterSecret() => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpPolicy.CipherSuites;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        DtlsSrtpPolicy.CreateSigner(m_context, (BcTlsCrypto)Crypto, _certificate);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        // RFC 5764 §4.1.1: without use_srtp there are no SRTP keys; refuse rather than negotiate plain DTLS.
        UseSrtpData? offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }

        _selected = DtlsSrtpPolicy.Select(_profiles, offered.ProtectionProfiles)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetServerExtensions();
        // RFC 5764 §4.1.1: answer with exactly one profile and an empty MKI.
        TlsSrtpUtilities.AddUseSrtpExtension(
            extensions,
            new UseSrtpData([(int)_selected!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest()
    {
        // RFC 8827 §6.5: both sides authenticate with their fingerprinted certificate.
        short[] types = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        return new CertificateRequest(types, TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        DtlsSrtpPolicy.VerifyPeerCertificate(clientCertificate, _expectedClientFingerprints);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Result = DtlsSrtpPolicy.Export(m_context, _selected!.Value, isServer: true);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        LastAlert = $"sent {AlertDescription.GetText(alertDescription)}" + (message is null ? string.Empty : $": {message}");

    /// <summary>True once the peer sent close_notify (RFC 5246 §7.2.1).</summary>
    public bool CloseNotifyReceived { get; private set; }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        LastAlert = $"received {AlertDescription.GetText(alertDescription)}";
        CloseNotifyReceived |= alertDescription == AlertDescription.close_notify;
    }
}
