using System.Security.Cryptography;

namespace RedConnect.Sfu.Srtp.Native;

/// <summary>
/// <see cref="IAesGcm"/> on libcrypto's EVP API: one EVP_CIPHER_CTX keyed once with EVP_aes_128_gcm() and the
/// 12-byte IV length; per packet only the IV is set (EVP_Encrypt/DecryptInit_ex), then AAD, in-place
/// update, final and GET_TAG/SET_TAG. A wrong tag is EVP_DecryptFinal_ex returning 0 — no exception. Any
/// libcrypto failure returns false and leaves this thread's OpenSSL error queue empty.
/// </summary>
internal sealed unsafe class NativeAesGcm : IAesGcm
{
    private const int TagLength = 16;
    private const int NonceLength = 12;

    private readonly EvpCipherContextHandle _handle;
    private readonly nint _ctx;

    public NativeAesGcm(ReadOnlySpan<byte> key)
    {
        _handle = new EvpCipherContextHandle();
        if (_handle.IsInvalid) throw new CryptographicException("EVP_CIPHER_CTX_new failed.");
        _ctx = _handle.DangerousGetHandle();
        fixed (byte* k = key)
        {
            // Cipher first, then the 12-byte IV length (the default, set explicitly), then the key.
            if (LibCrypto.EvpCipherInitEx(_ctx, LibCrypto.EvpAes128Gcm(), 0, null, null, 1) != 1
                || LibCrypto.EvpCipherCtxCtrl(_ctx, LibCrypto.EvpCtrlGcmSetIvLength, NonceLength, null) != 1
                || LibCrypto.EvpCipherInitEx(_ctx, 0, 0, k, null, 1) != 1)
            {
                LibCrypto.ErrClearError();
                _handle.Dispose();
                throw new CryptographicException("EVP AES-128-GCM initialisation failed.");
            }
        }
    }

    public bool Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag)
    {
        if (nonce.Length != NonceLength || tag.Length < TagLength) return false;
        int outLength;
        fixed (byte* n = nonce)
        fixed (byte* a = aad)
        fixed (byte* d = data)
        fixed (byte* t = tag)
        {
            if (LibCrypto.EvpEncryptInitEx(_ctx, 0, 0, null, n) != 1) return Fail();
            if (aad.Length > 0 && LibCrypto.EvpEncryptUpdate(_ctx, null, &outLength, a, aad.Length) != 1) return Fail();
            if (data.Length > 0 && LibCrypto.EvpEncryptUpdate(_ctx, d, &outLength, d, data.Length) != 1) return Fail();
            if (LibCrypto.EvpEncryptFinalEx(_ctx, d + data.Length, &outLength) != 1) return Fail();
            if (LibCrypto.EvpCipherCtxCtrl(_ctx, LibCrypto.EvpCtrlGcmGetTag, TagLength, t) != 1) return Fail();
        }

        GC.KeepAlive(_handle);
        return true;
    }

    public bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        if (nonce.Length != NonceLength || tag.Length < TagLength) return false;
        int outLength;
        fixed (byte* n = nonce)
        fixed (byte* a = aad)
        fixed (byte* d = data)
        fixed (byte* t = tag)
        {
            if (LibCrypto.EvpDecryptInitEx(_ctx, 0, 0, null, n) != 1) return Fail();
            if (aad.Length > 0 && LibCrypto.EvpDecryptUpdate(_ctx, null, &outLength, a, aad.Length) != 1) return Fail();
            if (data.Length > 0 && LibCrypto.EvpDecryptUpdate(_ctx, d, &outLength, d, data.Length) != 1) return Fail();
            // SET_TAG does not write through the pointer; libcrypto only copies the 16 bytes.
            if (LibCrypto.EvpCipherCtxCtrl(_ctx, LibCrypto.EvpCtrlGcmSetTag, TagLength, t) != 1) return Fail();
            // A wrong tag: 0 here. The plaintext already written is garbage; SrtpContext discards the packet.
            if (LibCrypto.EvpDecryptFinalEx(_ctx, d + data.Length, &outLength) != 1) return Fail();
        }

        GC.KeepAlive(_handle);
        return true;
    }

    private static bool Fail()
    {
        // Keep this thread's OpenSSL error queue empty for whoever calls libcrypto next (the .NET shim
        // clears it before its own calls; other code may not). Failures are rare (forged packets).
        LibCrypto.ErrClearError();
        return false;
    }

    public void Dispose() => _handle.Dispose();
}
