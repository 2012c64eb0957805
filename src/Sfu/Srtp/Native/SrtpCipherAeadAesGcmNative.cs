using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RedConnect.Sfu.Srtp.Native;

/// <summary>
/// AEAD_AES_128_GCM (RFC 7714) on libcrypto's EVP API: one EVP_CIPHER_CTX per key (RTP, RTCP), keyed
/// once with EVP_aes_128_gcm(); per packet only the IV is set, then AAD, in-place en/decryption, final and
/// tag. A wrong tag is EVP_DecryptFinal_ex returning 0 — no exception, unlike AesGcm. Layout, nonces and
/// AAD are those of <see cref="SrtpCipherAeadAesGcm"/>; any libcrypto failure returns false.
/// </summary>
internal sealed unsafe class SrtpCipherAeadAesGcmNative : SrtpCipher
{
    private const int TagLength = 16;
    private const int SaltLength = 12;

    private readonly EvpCipherContextHandle _rtpHandle;
    private readonly EvpCipherContextHandle _rtcpHandle;
    private readonly nint _rtp;
    private readonly nint _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public SrtpCipherAeadAesGcmNative(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt)
    {
        _rtpHandle = CreateContext(rtpKey);
        _rtcpHandle = CreateContext(rtcpKey);
        _rtp = _rtpHandle.DangerousGetHandle();
        _rtcp = _rtcpHandle.DangerousGetHandle();
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
    }

    public static SrtpCipherAeadAesGcmNative FromMasterKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> keys = stackalloc byte[2 * (16 + SaltLength)];
        var rtpKey = keys.Slice(0, 16);
        var rtpSalt = keys.Slice(16, SaltLength);
        var rtcpKey = keys.Slice(28, 16);
        var rtcpSalt = keys.Slice(44, SaltLength);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.SrtpEncryptionLabel, rtpKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.SrtpSaltLabel, rtpSalt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.SrtcpEncryptionLabel, rtcpKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.SrtcpSaltLabel, rtcpSalt);
        var cipher = new SrtpCipherAeadAesGcmNative(rtpKey, rtpSalt, rtcpKey, rtcpSalt);
        CryptographicOperations.ZeroMemory(keys);
        return cipher;
    }

    private static EvpCipherContextHandle CreateContext(ReadOnlySpan<byte> key)
    {
        var handle = new EvpCipherContextHandle();
        if (handle.IsInvalid) throw new CryptographicException("EVP_CIPHER_CTX_new failed.");
        nint ctx = handle.DangerousGetHandle();
        fixed (byte* k = key)
        {
            // Cipher first, then the 12-byte IV length (the default, set explicitly), then the key.
            if (LibCrypto.EvpCipherInitEx(ctx, LibCrypto.EvpAes128Gcm(), 0, null, null, 1) != 1
                || LibCrypto.EvpCipherCtxCtrl(ctx, LibCrypto.EvpCtrlGcmSetIvLength, SaltLength, null) != 1
                || LibCrypto.EvpCipherInitEx(ctx, 0, 0, k, null, 1) != 1)
            {
                LibCrypto.ErrClearError();
                handle.Dispose();
                throw new CryptographicException("EVP AES-128-GCM initialisation failed.");
            }
        }

        return handle;
    }

    public override int RtpTagLength => TagLength;

    public override int RtcpTrailerLength => TagLength + 4;

    public override bool EncryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        byte* nonce = stackalloc byte[12];
        BuildRtpNonce(new Span<byte>(nonce, 12), ssrc, roc, sequenceNumber);
        fixed (byte* p = packet)
        {
            return Seal(_rtp, nonce, p, headerLength, p + headerLength, length - headerLength, p + length);
        }
    }

    public override bool DecryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        byte* nonce = stackalloc byte[12];
        BuildRtpNonce(new Span<byte>(nonce, 12), ssrc, roc, sequenceNumber);
        int ciphertextEnd = length - TagLength;
        fixed (byte* p = packet)
        {
            return Open(_rtp, nonce, p, headerLength, p + headerLength, ciphertextEnd - headerLength, p + ciphertextEnd);
        }
    }

    public override bool EncryptRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        byte* nonce = stackalloc byte[12];
        BuildRtcpNonce(new Span<byte>(nonce, 12), ssrc, index);
        uint indexWord = 0x8000_0000u | index;
        byte* aad = stackalloc byte[12];
        packet.Slice(0, 8).CopyTo(new Span<byte>(aad, 8));
        BinaryPrimitives.WriteUInt32BigEndian(new Span<byte>(aad + 8, 4), indexWord);
        fixed (byte* p = packet)
        {
            if (!Seal(_rtcp, nonce, aad, 12, p + 8, length - 8, p + length)) return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length + TagLength), indexWord);
        return true;
    }

    public override uint ReadSrtcpIndexWord(ReadOnlySpan<byte> packet) =>
        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(packet.Length - 4));

    public override bool DecryptRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord)
    {
        byte* nonce = stackalloc byte[12];
        BuildRtcpNonce(new Span<byte>(nonce, 12), ssrc, indexWord & 0x7FFF_FFFFu);
        int tagStart = length - 4 - TagLength;
        fixed (byte* p = packet)
        {
            if ((indexWord & 0x8000_0000u) != 0)
            {
                byte* aad = stackalloc byte[12];
                packet.Slice(0, 8).CopyTo(new Span<byte>(aad, 8));
                BinaryPrimitives.WriteUInt32BigEndian(new Span<byte>(aad + 8, 4), indexWord);
                return Open(_rtcp, nonce, aad, 12, p + 8, tagStart - 8, p + tagStart);
            }

            // RFC 7714 §9.3: unencrypted SRTCP; packet ‖ E ‖ index is the AAD. Move the tag aside and the
            // index word next to the packet so the AAD is contiguous (as the managed cipher does).
            byte* tag = stackalloc byte[TagLength];
            packet.Slice(tagStart, TagLength).CopyTo(new Span<byte>(tag, TagLength));
            BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(tagStart), indexWord);
            return Open(_rtcp, nonce, p, tagStart + 4, null, 0, tag);
        }
    }

    /// <summary>GCM-encrypts data in place with the given AAD and writes the 16-byte tag.</summary>
    private static bool Seal(nint ctx, byte* nonce, byte* aad, int aadLength, byte* data, int dataLength, byte* tag)
    {
        int outLength;
        if (LibCrypto.EvpEncryptInitEx(ctx, 0, 0, null, nonce) != 1) return Fail();
        if (aadLength > 0 && LibCrypto.EvpEncryptUpdate(ctx, null, &outLength, aad, aadLength) != 1) return Fail();
        if (dataLength > 0 && LibCrypto.EvpEncryptUpdate(ctx, data, &outLength, data, dataLength) != 1) return Fail();
        if (LibCrypto.EvpEncryptFinalEx(ctx, data + dataLength, &outLength) != 1) return Fail();
        if (LibCrypto.EvpCipherCtxCtrl(ctx, LibCrypto.EvpCtrlGcmGetTag, TagLength, tag) != 1) return Fail();
        return true;
    }

    /// <summary>GCM-decrypts data in place; false when the tag does not verify (or libcrypto fails).</summary>
    private static bool Open(nint ctx, byte* nonce, byte* aad, int aadLength, byte* data, int dataLength, byte* tag)
    {
        int outLength;
        if (LibCrypto.EvpDecryptInitEx(ctx, 0, 0, null, nonce) != 1) return Fail();
        if (aadLength > 0 && LibCrypto.EvpDecryptUpdate(ctx, null, &outLength, aad, aadLength) != 1) return Fail();
        if (dataLength > 0 && LibCrypto.EvpDecryptUpdate(ctx, data, &outLength, data, dataLength) != 1) return Fail();
        if (LibCrypto.EvpCipherCtxCtrl(ctx, LibCrypto.EvpCtrlGcmSetTag, TagLength, tag) != 1) return Fail();
        // A wrong tag: 0 here. The plaintext already written is garbage; SrtpContext discards the packet.
        if (LibCrypto.EvpDecryptFinalEx(ctx, data + dataLength, &outLength) != 1) return Fail();
        return true;
    }

    private static bool Fail()
    {
        // Keep this thread's OpenSSL error queue empty for whoever calls libcrypto next (the .NET shim
        // clears it before its own calls; other code may not). Failures are rare (forged packets).
        LibCrypto.ErrClearError();
        return false;
    }

    private void BuildRtpNonce(Span<byte> nonce, uint ssrc, uint roc, ushort sequenceNumber)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(6), roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce.Slice(10), sequenceNumber);
        AesCounterMode.Xor(nonce, _rtpSalt);
    }

    private void BuildRtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2), ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(8), index & 0x7FFF_FFFFu);
        AesCounterMode.Xor(nonce, _rtcpSalt);
    }

    public override void Dispose()
    {
        _rtpHandle.Dispose();
        _rtcpHandle.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
