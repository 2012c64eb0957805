using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcSrtpProfile = Org.BouncyCastle.Tls.SrtpProtectionProfile;

namespace RedConnect.Sfu.Dtls;

/// <summary>What client and server agree on: versions, suites, use_srtp profiles, fingerprint checks, export.</summary>
internal static class DtlsSrtpPolicy
{
    /// <summary>
    /// RFC 8827 §6.5 asks for ECDHE with AEAD; AES_128_GCM first (hardware AES), ChaCha20 and AES_256 as
    /// alternatives. All need the ECDSA certificate we present.
    /// </summary>
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    /// <summary>Our preference order: GCM is faster here (FACTS: no HMAC-SHA1 bound) and authenticated in one pass.</summary>
    public static readonly SrtpProtectionProfile[] DefaultProfiles =
    [
        SrtpProtectionProfile.AeadAes128Gcm,
        SrtpProtectionProfile.Aes128CmHmacSha1_80,
    ];

    public const int DefaultHandshakeTimeoutMillis = 10_000;

    public static int[] ToWire(IReadOnlyList<SrtpProtectionProfile> profiles)
    {
        int[] wire = new int[profiles.Count];
        for (int i = 0; i < wire.Length; i++)
        {
            wire[i] = (int)profiles[i];
        }

        return wire;
    }

    /// <summary>RFC 5764 §4.1.1: the server picks one profile the client offered, in the server's preference order.</summary>
    public static SrtpProtectionProfile? Select(IReadOnlyList<SrtpProtectionProfile> ours, int[] offered)
    {
        foreach (SrtpProtectionProfile candidate in ours)
        {
            if (Array.IndexOf(offered, (int)candidate) >= 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// RFC 8122 §5 / RFC 8827 §6.5: the end-entity certificate must match a fingerprint from the peer's SDP;
    /// fingerprints with hash functions we do not support are ignored.
    /// </summary>
    public static void VerifyPeerCertificate(Certificate? chain, IReadOnlyList<DtlsFingerprint> expected)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
        }

        byte[] der = chain.GetCertificateAt(0).GetEncoded();
        foreach (DtlsFingerprint fingerprint in expected)
        {
            if (fingerprint.Matches(der))
            {
                return;
            }
        }

        throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate does not match the SDP fingerprint");
    }

    public static TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate)
    {
        TlsCertificate tlsCertificate = crypto.CreateCertificate(certificate.DerEncoded);
        var chain = new Certificate([tlsCertificate]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            certificate.PrivateKey,
            chain,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>RFC 5764 §4.2: keying material from the TLS exporter with label "EXTRACTOR-dtls_srtp", no context.</summary>
    public static DtlsSrtpResult Export(TlsContext context, SrtpProtectionProfile profile, bool isServer)
    {
        byte[] material = context.ExportKeyingMaterial(
            ExporterLabel.dtls_srtp,
            null,
            SrtpProtectionProfiles.KeyingMaterialLength(profile));
        return new DtlsSrtpResult(profile, material, isServer, context.ServerVersion.ToString());
    }

    /// <summary>Checks both our enum and BouncyCastle's constants name the same IANA values.</summary>
    internal static bool ValuesMatchBouncyCastle() =>
        (int)SrtpProtectionProfile.Aes128CmHmacSha1_80 == BcSrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80
        && (int)SrtpProtectionProfile.Aes128CmHmacSha1_32 == BcSrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32
        && (int)SrtpProtectionProfile.AeadAes128Gcm == BcSrtpProfile.SRTP_AEAD_AES_128_GCM;
}
