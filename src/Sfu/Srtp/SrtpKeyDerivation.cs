namespace RedConnect.Sfu.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3): AES-CM as PRF, keyed with the master key, counter
/// block = (master salt XOR (label ‖ index DIV kdr)) · 2^16. We always use kdr = 0 (no re-keying during a
/// session, as DTLS-SRTP does), so "index DIV kdr" is 0 and the derivation happens once per context.
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>RFC 3711 §4.3.1 and §4.3.2 labels.</summary>
    public const byte SrtpEncryptionLabel = 0x00;
    public const byte SrtpAuthenticationLabel = 0x01;
    public const byte SrtpSaltLabel = 0x02;
    public const byte SrtcpEncryptionLabel = 0x03;
    public const byte SrtcpAuthenticationLabel = 0x04;
    public const byte SrtcpSaltLabel = 0x05;

    /// <summary>
    /// Derives <paramref name="output"/>.Length bytes for <paramref name="label"/>. A 12-byte GCM master salt
    /// is first multiplied by 2^16 (two zero bytes appended), per RFC 7714 §11 as corrected by erratum 4938.
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length is not (12 or 14)) throw new ArgumentException("Master salt must be 12 or 14 bytes.", nameof(masterSalt));
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        // x = salt XOR (label ‖ 48-bit index DIV kdr): the label sits 7 bytes from the end of the 14-byte salt.
        iv[7] ^= label;
        using var prf = new AesCounterMode(masterKey);
        prf.Keystream(iv, output);
    }

    /// <summary>Bytes of the six AES-CM session keys: SRTP key 16, salt 14, auth key 20, then the same for SRTCP.</summary>
    internal const int AesCmSessionKeysLength = 2 * (16 + 14 + 20);

    /// <summary>
    /// Derives the six AES_CM_128_HMAC_SHA1 session keys (RFC 3711 §4.3, kdr = 0) into <paramref name="keys"/> in the
    /// layout of <see cref="AesCmSessionKeysLength"/>; read them back with <see cref="AesCmSessionKey"/>.
    /// </summary>
    internal static void DeriveAesCmSessionKeys(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, Span<byte> keys)
    {
        ReadOnlySpan<byte> labels = [SrtpEncryptionLabel, SrtpSaltLabel, SrtpAuthenticationLabel,
            SrtcpEncryptionLabel, SrtcpSaltLabel, SrtcpAuthenticationLabel];
        for (var i = 0; i < labels.Length; i++) Derive(masterKey, masterSalt, labels[i], AesCmSessionKey(keys, i));
    }

    /// <summary>The <paramref name="index"/>-th key (0–5, in label order) of a <see cref="DeriveAesCmSessionKeys"/> buffer.</summary>
    internal static Span<byte> AesCmSessionKey(Span<byte> keys, int index) => (index % 3) switch
    {
        0 => keys.Slice(index / 3 * 50, 16),
        1 => keys.Slice(index / 3 * 50 + 16, 14),
        _ => keys.Slice(index / 3 * 50 + 30, 20),
    };
}
