using RedConnect.Sfu.Dtls;

namespace RedConnect.Sfu.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    private const string ChromiumFingerprint =
        "sha-256 08:E3:86:CD:13:FA:82:D1:A5:E3:49:86:BB:DD:C3:6B:8B:AA:16:2F:AA:D6:04:AF:1A:1A:6E:83:7D:9D:99:A3";

    [Fact]
    public void Chromium_sdp_fingerprint_parses_and_writes_back_unchanged()
    {
        Assert.True(DtlsFingerprint.TryParse(ChromiumFingerprint, out DtlsFingerprint? fingerprint, out string? error), error);

        Assert.Equal("sha-256", fingerprint!.Algorithm);
        Assert.Equal(32, fingerprint.Value.Length);
        Assert.Equal(0x08, fingerprint.Value[0]);
        Assert.Equal(ChromiumFingerprint, fingerprint.ToSdpValue());
    }

    [Fact]
    public void Lower_case_hex_and_upper_case_hash_name_are_accepted()
    {
        string lower = "SHA-256 " + ChromiumFingerprint["sha-256 ".Length..].ToLowerInvariant();

        Assert.True(DtlsFingerprint.TryParse(lower, out DtlsFingerprint? fingerprint, out _));
        Assert.Equal(ChromiumFingerprint, fingerprint!.ToSdpValue());
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("sha-256", "hash-func SP")]
    [InlineData("md5 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10", "unsupported")]
    [InlineData("sha-256 08:E3:86", "32 bytes")]
    [InlineData("sha-1 0G:E3:86:CD:13:FA:82:D1:A5:E3:49:86:BB:DD:C3:6B:8B:AA:16:2F", "hex digit")]
    [InlineData("sha-1 08-E3:86:CD:13:FA:82:D1:A5:E3:49:86:BB:DD:C3:6B:8B:AA:16:2F", "':'")]
    public void Malformed_fingerprints_are_refused_with_a_reason(string? value, string reason)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out DtlsFingerprint? fingerprint, out string? error));
        Assert.Null(fingerprint);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("sha-1", 20)]
    [InlineData("sha-256", 32)]
    [InlineData("sha-384", 48)]
    [InlineData("sha-512", 64)]
    public void Fingerprint_of_a_certificate_matches_it_and_survives_an_sdp_round_trip(string algorithm, int length)
    {
        DtlsCertificate certificate = DtlsCertificate.Shared;
        DtlsFingerprint fingerprint = certificate.FingerprintWith(algorithm);

        Assert.True(DtlsFingerprint.TryParse(fingerprint.ToSdpValue(), out DtlsFingerprint? parsed, out _));
        Assert.Equal(length, parsed!.Value.Length);
        Assert.Equal(fingerprint, parsed);
        Assert.True(parsed.Matches(certificate.Encoded));
        Assert.False(parsed.Matches(DtlsCertificate.Generate().Encoded));
    }
}
