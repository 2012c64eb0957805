using RedConnect.Sfu.Srtp;

namespace RedConnect.Sfu.Tests.Srtp;

/// <summary>Known-answer tests copied from RFC 3711 Appendix B and RFC 7714 §16–§17.</summary>
public class SrtpRfcVectorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Aes_cm_keystream_matches_rfc3711_b2(bool native)
    {
        // RFC 3711 B.2: session key 2B7E…4F3C, counter starts at F0F1…FCFD0000, 1044512 octets (65282 blocks).
        var key = TestHex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        var iv = TestHex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[1044512];
        using (var ctr = new AesCounterMode(key, native)) ctr.Keystream(iv, keystream);

        string Block(int index) => TestHex.Of(keystream.AsSpan(index * 16, 16)).ToUpperInvariant();
        Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4", Block(0));
        Assert.Equal("D23513162B02D0F72A43A2FE4A5F97AB", Block(1));
        Assert.Equal("41E95B3BB0A2E8DD477901E4FCA894C0", Block(2));
        Assert.Equal("EC8CDF7398607CB0F2D21675EA9EA1E4", Block(0xFEFF));
        Assert.Equal("362B7C3C6773516318A077D7FC5073AE", Block(0xFF00));
        Assert.Equal("6A2CC3787889374FBEB4C81B17BA6C44", Block(0xFF01));
    }

    private static readonly byte[] B3MasterKey = TestHex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] B3MasterSalt = TestHex.Bytes("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Key_derivation_matches_rfc3711_b3_cipher_key_and_salt()
    {
        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.SrtpEncryptionLabel, cipherKey);
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.SrtpSaltLabel, cipherSalt);
        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", TestHex.Of(cipherKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", TestHex.Of(cipherSalt));
    }

    [Fact]
    public void Key_derivation_matches_rfc3711_b3_94_byte_auth_key()
    {
        var authKey = new byte[94];
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.SrtpAuthenticationLabel, authKey);
        Assert.Equal(
            ("CEBE321F6FF7716B6FD4AB49AF256A15" + "6D38BAA48F0A0ACF3C34E2359E6CDBCE" + "E049646C43D9327AD175578EF7227098" +
             "6371C10C9A369AC2F94A8C5FBCDDDC25" + "6D6E919A48B610EF17C2041E47403576" + "6B68642C59BBFC2F34DB60DBDFB2").ToLowerInvariant(),
            TestHex.Of(authKey));
    }

    // RFC 7714 §16/§17 (AEAD_AES_128_GCM): session key 000102…0f, session salt "Quid pro quo".
    private static readonly byte[] GcmKey = TestHex.Bytes("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
    private static readonly byte[] GcmSalt = TestHex.Bytes("51 75 69 64 20 70 72 6f 20 71 75 6f");

    private static readonly byte[] Rfc7714RtpPlain = TestHex.Bytes(
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");

    private static readonly byte[] Rfc7714RtpProtected = TestHex.Bytes(
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf" +
        "8833899d 7f27beb1 6a9152cf 765ee439 0cce");

    private static readonly byte[] Rfc7714RtcpPlain = TestHex.Bytes(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

    private static readonly byte[] Rfc7714RtcpProtected = TestHex.Bytes(
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded" +
        "0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

    // The same vectors run on the managed cipher and on libcrypto directly.
    public static TheoryData<bool> Backends => new() { false, true };

    private static SrtpContext GcmContext(bool native) =>
        new(SrtpProfile.AeadAes128Gcm, new SrtpCipherAeadAesGcm(GcmKey, GcmSalt, GcmKey, GcmSalt, native));

    [Theory]
    [MemberData(nameof(Backends))]
    public void Gcm_rtp_protect_matches_rfc7714_16_1(bool native)
    {
        using var context = GcmContext(native);
        var buffer = new byte[Rfc7714RtpProtected.Length];
        Rfc7714RtpPlain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, context.ProtectRtp(buffer, Rfc7714RtpPlain.Length, out int n));
        Assert.Equal(TestHex.Of(Rfc7714RtpProtected), TestHex.Of(buffer.AsSpan(0, n)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Gcm_rtp_unprotect_matches_rfc7714_16_2(bool native)
    {
        using var context = GcmContext(native);
        var buffer = (byte[])Rfc7714RtpProtected.Clone();
        Assert.Equal(SrtpResult.Ok, context.UnprotectRtp(buffer, out int n));
        Assert.Equal(TestHex.Of(Rfc7714RtpPlain), TestHex.Of(buffer.AsSpan(0, n)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Gcm_rtcp_protect_matches_rfc7714_17_1(bool native)
    {
        using var context = GcmContext(native);
        context.SetNextSrtcpIndex(0x4d617273, 0x000005d4);
        var buffer = new byte[Rfc7714RtcpProtected.Length];
        Rfc7714RtcpPlain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, context.ProtectRtcp(buffer, Rfc7714RtcpPlain.Length, out int n));
        Assert.Equal(TestHex.Of(Rfc7714RtcpProtected), TestHex.Of(buffer.AsSpan(0, n)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Gcm_rtcp_unprotect_matches_rfc7714_17_2(bool native)
    {
        using var context = GcmContext(native);
        var buffer = (byte[])Rfc7714RtcpProtected.Clone();
        Assert.Equal(SrtpResult.Ok, context.UnprotectRtcp(buffer, out int n));
        Assert.Equal(TestHex.Of(Rfc7714RtcpPlain), TestHex.Of(buffer.AsSpan(0, n)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Gcm_unencrypted_srtcp_with_e_flag_clear_verifies_against_rfc7714_vector(bool native)
    {
        // RFC 7714 §17 authentication-only SRTCP vector (as carried by pion/srtp's RFC vector tests): the
        // packet in clear, the tag over packet ‖ E=0 ‖ index as AAD, then the index word 000005d4.
        var authenticated = TestHex.Bytes(
            "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef" +
            "deadbeef 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4");
        using var context = GcmContext(native);
        Assert.Equal(SrtpResult.Ok, context.UnprotectRtcp(authenticated, out int n));
        Assert.Equal(TestHex.Of(Rfc7714RtcpPlain), TestHex.Of(authenticated.AsSpan(0, n)));
    }
}
