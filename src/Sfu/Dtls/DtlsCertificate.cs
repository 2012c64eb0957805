using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace RedConnect.Sfu.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate a DTLS-SRTP endpoint presents. WebRTC does not use a PKI:
/// the peer trusts the certificate only because its fingerprint travelled in the signed-off SDP
/// (RFC 8827 §6.5, RFC 8122). Generation costs milliseconds, so a node makes one and reuses it
/// (<see cref="Shared"/>).
/// </summary>
public sealed class DtlsCertificate
{
    private static readonly Lazy<DtlsCertificate> SharedInstance = new(() => Generate());

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        DerEncoded = certificate.GetEncoded();
        Fingerprint = DtlsFingerprint.Compute("sha-256", DerEncoded);
    }

    /// <summary>One certificate per process, generated on first use.</summary>
    public static DtlsCertificate Shared => SharedInstance.Value;

    /// <summary>The SHA-256 fingerprint, the one we put into SDP.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The a=fingerprint value: "sha-256 AB:CD:…".</summary>
    public string SdpFingerprint => Fingerprint.ToSdpValue();

    /// <summary>Start of the validity window.</summary>
    public DateTime NotBefore => Certificate.NotBefore;

    /// <summary>End of the validity window.</summary>
    public DateTime NotAfter => Certificate.NotAfter;

    /// <summary>The DER encoding, what fingerprints are computed over (RFC 8122 §5).</summary>
    public ReadOnlySpan<byte> Encoded => DerEncoded;

    /// <summary>The serial number in hex (random per certificate).</summary>
    public string SerialNumber => Certificate.SerialNumber.ToString(16);

    internal X509Certificate Certificate { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    internal byte[] DerEncoded { get; }

    /// <summary>
    /// Generates a fresh key pair and self-signed certificate: random serial and common name (a name
    /// tells nothing about the node), valid from a day ago (clock skew) for <paramref name="validity"/>.
    /// </summary>
    public static DtlsCertificate Generate(TimeProvider? timeProvider = null, TimeSpan? validity = null)
    {
        var random = new SecureRandom();
        DateTimeOffset now = (timeProvider ?? TimeProvider.System).GetUtcNow();

        var generator = new ECKeyPairGenerator("EC");
        // The named-curve form (OID secp256r1): browsers reject certificates whose key carries explicit curve
        // parameters (Chromium answers the handshake with decode_error).
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = generator.GenerateKeyPair();

        // RFC 5280 §4.1.2.2: positive serial of at most 20 bytes.
        byte[] serialBytes = new byte[16];
        random.NextBytes(serialBytes);
        serialBytes[0] &= 0x7F;
        serialBytes[0] |= 0x01;
        var name = new X509Name("CN=rc-" + Convert.ToHexString(serialBytes, 0, 8).ToLowerInvariant());

        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(new BigInteger(1, serialBytes));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(now.UtcDateTime.AddDays(-1));
        builder.SetNotAfter(now.UtcDateTime.Add(validity ?? TimeSpan.FromDays(30)));
        builder.SetPublicKey(keyPair.Public);

        X509Certificate certificate = builder.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }

    /// <summary>The fingerprint of this certificate with another hash function (for peers that ask for it).</summary>
    public DtlsFingerprint FingerprintWith(string algorithm) => DtlsFingerprint.Compute(algorithm, DerEncoded);
}
