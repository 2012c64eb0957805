using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RedConnect.Sfu.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 / _32 (RFC 3711 §4.1.1, §4.2.1, §8.2): AES-128 counter mode with
/// IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16), and HMAC-SHA1 over the authenticated portion
/// followed by the ROC (RTP) or by E ‖ SRTCP index (RTCP), truncated to the tag length.
/// Primitives: <see cref="AesCounterMode"/> over an ECB transform (libcrypto's EVP_aes_128_ecb when native:
/// cheaper than re-initialising an EVP_aes_128_ctr context per packet, 82 vs 252 ns at 100 B) and an
/// <see cref="IHmacSha1"/> — <see cref="Native.NativeHmacSha1"/> (RFC 2104 on libcrypto's SHA-1 with pad states
/// saved once per key, 230 vs 453 ns for a restarted HMAC_CTX at 104 B) or <see cref="ManagedHmacSha1"/>.
/// </summary>
internal sealed class SrtpCipherAesCmHmacSha1 : SrtpCipher
{
    private const int SaltLength = 14;
    private const int SrtcpTagLength = 10; // RFC 5764 §4.1.2: 80-bit SRTCP tag for both profiles

    private readonly int _rtpTagLength;
    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IHmacSha1 _rtpMac;
    private readonly IHmacSha1 _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public SrtpCipherAesCmHmacSha1(int rtpTagLength, ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, ReadOnlySpan<byte> rtcpAuthKey, bool native = false)
    {
        _rtpTagLength = rtpTagLength;
        _rtpCipher = new AesCounterMode(rtpKey, native);
        _rtcpCipher = new AesCounterMode(rtcpKey, native);
        _rtpMac = native ? new Native.NativeHmacSha1(rtpAuthKey) : new ManagedHmacSha1(rtpAuthKey);
        _rtcpMac = native ? new Native.NativeHmacSha1(rtcpAuthKey) : new ManagedHmacSha1(rtcpAuthKey);
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
        IsNative = native;
    }

    /// <summary>Derives the six session keys from a master key (RFC 3711 §4.3, kdr = 0).</summary>
    public static SrtpCipherAesCmHmacSha1 FromMasterKey(int rtpTagLength, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool native = false)
    {
        Span<byte> keys = stackalloc byte[SrtpKeyDerivation.AesCmSessionKeysLength];
        SrtpKeyDerivation.DeriveAesCmSessionKeys(masterKey, masterSalt, keys);
        try
        {
            return new SrtpCipherAesCmHmacSha1(rtpTagLength,
                SrtpKeyDerivation.AesCmSessionKey(keys, 0), SrtpKeyDerivation.AesCmSessionKey(keys, 1), SrtpKeyDerivation.AesCmSessionKey(keys, 2),
                SrtpKeyDerivation.AesCmSessionKey(keys, 3), SrtpKeyDerivation.AesCmSessionKey(keys, 4), SrtpKeyDerivation.AesCmSessionKey(keys, 5), native);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public override int RtpTagLength => _rtpTagLength;

    public override int RtcpTrailerLength => 4 + SrtcpTagLength;

    public override bool IsNative { get; }

    public override bool EncryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtpSalt, ssrc, (ulong)roc << 16 | sequenceNumber);
        if (!_rtpCipher.Apply(iv, packet.Slice(headerLength, length - headerLength))) return false;
        // RFC 3711 §4.2: M = Authenticated Portion ‖ ROC. The ROC goes where the tag will be (every tag
        // is at least 4 bytes), so the MAC runs over one contiguous span.
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length), roc);
        Span<byte> mac = stackalloc byte[20];
        if (!_rtpMac.Compute(packet.Slice(0, length + 4), mac)) return false;
        mac.Slice(0, _rtpTagLength).CopyTo(packet.Slice(length));
        return true;
    }

    public override bool DecryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        int authenticated = length - _rtpTagLength;
        // Move the received tag aside and put the ROC in its place: M = Authenticated Portion ‖ ROC in one span.
        Span<byte> received = stackalloc byte[10];
        packet.Slice(authenticated, _rtpTagLength).CopyTo(received);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(authenticated), roc);
        Span<byte> mac = stackalloc byte[20];
        if (!_rtpMac.Compute(packet.Slice(0, authenticated + 4), mac)
            || !CryptographicOperations.FixedTimeEquals(mac.Slice(0, _rtpTagLength), received.Slice(0, _rtpTagLength)))
        {
            received.Slice(0, _rtpTagLength).CopyTo(packet.Slice(authenticated)); // leave the packet as it came
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtpSalt, ssrc, (ulong)roc << 16 | sequenceNumber);
        return _rtpCipher.Apply(iv, packet.Slice(headerLength, authenticated - headerLength));
    }

    public override bool EncryptRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtcpSalt, ssrc, index);
        if (!_rtcpCipher.Apply(iv, packet.Slice(8, length - 8))) return false;
        // RFC 3711 §3.4: E flag (1 = encrypted) and 31-bit index follow the payload; the tag covers them.
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length), 0x8000_0000u | index);
        Span<byte> mac = stackalloc byte[20];
        if (!_rtcpMac.Compute(packet.Slice(0, length + 4), mac)) return false;
        mac.Slice(0, SrtcpTagLength).CopyTo(packet.Slice(length + 4));
        return true;
    }

    public override uint ReadSrtcpIndexWord(ReadOnlySpan<byte> packet) =>
        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(packet.Length - SrtcpTagLength - 4));

    public override bool DecryptRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord)
    {
        int authenticated = length - SrtcpTagLength;
        Span<byte> mac = stackalloc byte[20];
        if (!_rtcpMac.Compute(packet.Slice(0, authenticated), mac)
            || !CryptographicOperations.FixedTimeEquals(mac.Slice(0, SrtcpTagLength), packet.Slice(authenticated, SrtcpTagLength))) return false;
        if ((indexWord & 0x8000_0000u) != 0)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(iv, _rtcpSalt, ssrc, indexWord & 0x7FFF_FFFFu);
            return _rtcpCipher.Apply(iv, packet.Slice(8, authenticated - 4 - 8));
        }

        return true;
    }

    /// <summary>RFC 3711 §4.1.1: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16).</summary>
    private static void BuildIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        iv[8] ^= (byte)(index >> 40);
        iv[9] ^= (byte)(index >> 32);
        iv[10] ^= (byte)(index >> 24);
        iv[11] ^= (byte)(index >> 16);
        iv[12] ^= (byte)(index >> 8);
        iv[13] ^= (byte)index;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
