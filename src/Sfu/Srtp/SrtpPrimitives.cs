using System.Security.Cryptography;

namespace RedConnect.Sfu.Srtp;

/// <summary>
/// HMAC-SHA1 under one session key, as the AES-CM profiles need it (RFC 3711 §4.2.1). Two implementations:
/// <see cref="ManagedHmacSha1"/> (System.Security.Cryptography) and <see cref="Native.NativeHmacSha1"/>
/// (libcrypto); the SRTP framing around them is written once, in <see cref="SrtpCipherAesCmHmacSha1"/>.
/// </summary>
internal interface IHmacSha1 : IDisposable
{
    /// <summary>The 20-byte HMAC of <paramref name="data"/> into <paramref name="mac"/>. False only when the library fails.</summary>
    bool Compute(ReadOnlySpan<byte> data, Span<byte> mac);
}

/// <summary>
/// AES-128-GCM under one session key with a 16-byte tag, as AEAD_AES_128_GCM needs it (RFC 7714). Two
/// implementations: <see cref="ManagedAesGcm"/> and <see cref="Native.NativeAesGcm"/>; the SRTP framing
/// (nonces, AAD, trailer) is written once, in <see cref="SrtpCipherAeadAesGcm"/>.
/// </summary>
internal interface IAesGcm : IDisposable
{
    /// <summary>Encrypts <paramref name="data"/> in place, authenticating <paramref name="aad"/> too, and writes the tag.</summary>
    bool Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag);

    /// <summary>Decrypts <paramref name="data"/> in place; false when <paramref name="tag"/> does not verify (the data is then garbage).</summary>
    bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag);
}

/// <summary><see cref="IHmacSha1"/> on a reused <see cref="IncrementalHash"/>.</summary>
internal sealed class ManagedHmacSha1(ReadOnlySpan<byte> key) : IHmacSha1
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    public bool Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        _hash.AppendData(data);
        return _hash.TryGetHashAndReset(mac, out int written) && written == 20;
    }

    public void Dispose() => _hash.Dispose();
}

/// <summary><see cref="IAesGcm"/> on a reused <see cref="AesGcm"/>, whose wrong-tag exception stays in here.</summary>
internal sealed class ManagedAesGcm(ReadOnlySpan<byte> key) : IAesGcm
{
    private const int TagLength = 16;

    private readonly AesGcm _gcm = new(key, TagLength);

    public bool Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag)
    {
        _gcm.Encrypt(nonce, data, data, tag.Slice(0, TagLength), aad);
        return true;
    }

    public bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        try
        {
            _gcm.Decrypt(nonce, data, tag.Slice(0, TagLength), data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // AesGcm offers no non-throwing decrypt (a forged packet costs ≈ 9 µs here, < 1 µs natively).
            return false;
        }
    }

    public void Dispose() => _gcm.Dispose();
}
