namespace RedConnect.Sfu.Dtls;

/// <summary>
/// SRTP protection profiles negotiated by the DTLS use_srtp extension, with their IANA values
/// (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// </summary>
public enum SrtpProtectionProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2).</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32 (RFC 5764 §4.1.2).</summary>
    Aes128CmHmacSha1_32 = 0x0002,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2).</summary>
    AeadAes128Gcm = 0x0007,
}

/// <summary>Key and salt sizes per profile, which fix how many bytes the DTLS exporter must produce.</summary>
public static class SrtpProtectionProfiles
{
    /// <summary>Master key length in bytes.</summary>
    public static int KeyLength(SrtpProtectionProfile profile) => 16;

    /// <summary>Master salt length in bytes: 14 for AES-CM (RFC 3711 §8.2), 12 for AEAD (RFC 7714 §12).</summary>
    public static int SaltLength(SrtpProtectionProfile profile) =>
        profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>
    /// RFC 5764 §4.2: the exporter output is client key ‖ server key ‖ client salt ‖ server salt,
    /// 2 × (key + salt) bytes: 60 for the AES-CM profiles, 56 for AEAD_AES_128_GCM.
    /// </summary>
    public static int KeyingMaterialLength(SrtpProtectionProfile profile) =>
        2 * (KeyLength(profile) + SaltLength(profile));

    /// <summary>Whether we implement this profile (SRTP_AES128_CM_HMAC_SHA1_32 is not offered).</summary>
    public static bool IsSupported(int value) =>
        value is (int)SrtpProtectionProfile.Aes128CmHmacSha1_80 or (int)SrtpProtectionProfile.AeadAes128Gcm;
}
