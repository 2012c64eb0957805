using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RedConnect.Sfu.Dtls;

namespace RedConnect.Sfu.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generated_certificate_is_self_signed_ecdsa_p256_with_its_sha256_fingerprint_in_sdp_form()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();

        // Read it back with .NET's own X.509 code, independent of BouncyCastle.
        using var x509 = X509CertificateLoader.LoadCertificate(certificate.Encoded);
        using ECDsa? key = x509.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key!.KeySize);
        Assert.Equal(x509.Subject, x509.Issuer);
        Assert.StartsWith("CN=rc-", x509.Subject);
        string expected = "sha-256 " + string.Join(':', SHA256.HashData(certificate.Encoded).Select(b => b.ToString("X2")));
        Assert.Equal(expected, certificate.SdpFingerprint);
    }

    [Fact]
    public void Validity_window_starts_before_now_and_lasts_the_requested_days()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var clock = new FixedClock(now);

        DtlsCertificate certificate = DtlsCertificate.Generate(clock, TimeSpan.FromDays(30));

        Assert.True(certificate.NotBefore < now.UtcDateTime);
        Assert.Equal(now.UtcDateTime.AddDays(30), certificate.NotAfter, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Each_generation_has_a_new_key_and_serial_but_the_shared_one_is_reused()
    {
        DtlsCertificate first = DtlsCertificate.Generate();
        DtlsCertificate second = DtlsCertificate.Generate();

        Assert.NotEqual(first.SdpFingerprint, second.SdpFingerprint);
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.Same(DtlsCertificate.Shared, DtlsCertificate.Shared);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
