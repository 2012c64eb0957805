namespace RedConnect.Sfu.Srtp;

/// <summary>SRTP protection profiles we implement, named as in RFC 5764 §4.1.2 and RFC 7714 §14.2.</summary>
public enum SrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, HMAC-SHA1 tag of 80 bits (RTP and RTCP).</summary>
    Aes128CmHmacSha1_80,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32: as _80, but a 32-bit RTP tag; SRTCP keeps 80 bits (RFC 5764 §4.1.2).</summary>
    Aes128CmHmacSha1_32,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714): AES-128-GCM, 16-byte tag, 12-byte salt.</summary>
    AeadAes128Gcm,
}

/// <summary>Sizes and DTLS-SRTP identifiers of each <see cref="SrtpProfile"/>.</summary>
public static class SrtpProfiles
{
    /// <summary>Master (and session) key length in bytes: AES-128 everywhere.</summary>
    public static int KeyLength(this SrtpProfile profile) => 16;

    /// <summary>Master salt length: 14 bytes for AES-CM (RFC 3711 §8.2), 12 for GCM (RFC 7714 §12).</summary>
    public static int SaltLength(this SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>Bytes appended to an RTP packet by protect.</summary>
    public static int RtpTagLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 10,
        SrtpProfile.Aes128CmHmacSha1_32 => 4,
        _ => 16,
    };

    /// <summary>Bytes appended to an RTCP packet by protect: E flag + SRTCP index (4) and the tag.</summary>
    public static int RtcpTrailerLength(this SrtpProfile profile) => 4 + (profile == SrtpProfile.AeadAes128Gcm ? 16 : 10);

    /// <summary>
    /// Length of the DTLS exporter output ("EXTRACTOR-dtls_srtp", RFC 5764 §4.2) the profile needs:
    /// two keys and two salts.
    /// </summary>
    public static int KeyingMaterialLength(this SrtpProfile profile) => 2 * (profile.KeyLength() + profile.SaltLength());

    /// <summary>The SRTPProtectionProfile value of the use_srtp extension (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
    public static int DtlsProtectionProfile(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 0x0001,
        SrtpProfile.Aes128CmHmacSha1_32 => 0x0002,
        _ => 0x0007,
    };

    public static bool TryFromDtlsProtectionProfile(int value, out SrtpProfile profile)
    {
        switch (value)
        {
            case 0x0001: profile = SrtpProfile.Aes128CmHmacSha1_80; return true;
            case 0x0002: profile = SrtpProfile.Aes128CmHmacSha1_32; return true;
            case 0x0007: profile = SrtpProfile.AeadAes128Gcm; return true;
            default: profile = default; return false;
        }
    }
}
