using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RedConnect.Sfu.Dtls;

/// <summary>
/// DTLS-SRTP client for our own synthetic participants (load tests, loopback tests): the mirror image of
/// <see cref="DtlsSrtpServer"/>. Offers the given profiles (GCM first by default) and checks the
/// server certificate against the SFU's SDP fingerprint.
/// </summary>
public sealed class DtlsSrtpClient : DefaultTlsClient, IDtlsSrtpPeer
{
    private readonly DtlsCertificate _certificate;
    private readonly IReadOnlyList<DtlsFingerprint> _expectedServerFingerprints;
    private readonly IReadOnlyList<SrtpProtectionProfile> _profiles;
    private readonly int _handshakeTimeoutMillis;
    private readonly bool _advertiseDtls13;
    private SrtpProtectionProfile? _selected;

    public DtlsSrtpClient(
        DtlsCertificate certificate,
        IReadOnlyList<DtlsFingerprint> expectedServerFingerprints,
        IReadOnlyList<SrtpProtectionProfile>? profiles = null,
        int handshakeTimeoutMillis = DtlsSrtpPolicy.DefaultHandshakeTimeoutMillis,
        bool advertiseDtls13 = false)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _expectedServerFingerprints = expectedServerFingerprints;
        _profiles = profiles ?? DtlsSrtpPolicy.DefaultProfiles;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
        _advertiseDtls13 = advertiseDtls13;
    }

    /// <summary>Set once the handshake completed: profile and exported keys.</summary>
    public DtlsSrtpResult? Result { get; private set; }

    /// <summary>The last alert we raised or received, for the failure reason.</summary>
    public string? LastAlert { get; private set; }

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    public override bool RequiresExtendedMasterSecret() => true;

    // BouncyCastle 2.7 has no DTLS 1.3 client (a DTLSv13 entry here fails with internal_error), so we speak 1.2.
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpPolicy.CipherSuites;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(
            extensions,
            new UseSrtpData(DtlsSrtpPolicy.ToWire(_profiles), TlsUtilities.EmptyBytes));
        if (_advertiseDtls13)
        {
            // A ClientHello shaped like Chromium's: supported_versions lists DTLS 1.3 first (RFC 9147 §5.3),
            // legacy_version stays 1.2. The server must pick 1.2; a 1.2 ServerHello carries no
            // supported_versions, so the rest of our handshake is plain 1.2.
            TlsExtensionsUtilities.AddSupportedVersionsExtensionClient(
                extensions,
                [ProtocolVersion.DTLSv13, ProtocolVersion.DTLSv12]);
        }

        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);

        // RFC 5764 §4.1.1: exactly one of the offered profiles, MKI as we sent it (empty).
        UseSrtpData? chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null || chosen.ProtectionProfiles.Length != 1 || chosen.Mki.Length != 0)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server use_srtp answer is malformed");
        }

        int value = chosen.ProtectionProfiles[0];
        bool offered = false;
        foreach (SrtpProtectionProfile profile in _profiles)
        {
            offered |= (int)profile == value;
        }

        if (!offered)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose an SRTP profile we did not offer");
        }

        _selected = (SrtpProtectionProfile)value;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Result = DtlsSrtpPolicy.Export(m_context, _selected!.Value, isServer: false);
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

    private sealed class Authentication(DtlsSrtpClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            DtlsSrtpPolicy.VerifyPeerCertificate(serverCertificate.Certificate, owner._expectedServerFingerprints);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            DtlsSrtpPolicy.CreateSigner(owner.m_context, (BcTlsCrypto)owner.Crypto, owner._certificate);
    }
}
