using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RedConnect.Sfu.Srtp;

/// <summary>
/// AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714). RTP (§8): IV = salt XOR (0x0000 ‖ SSRC ‖ ROC ‖ SEQ),
/// AAD = the RTP header, ciphertext ‖ 16-byte tag. RTCP (§9): IV = salt XOR (0x0000 ‖ SSRC ‖ 0x0000 ‖
/// SRTCP index), AAD = first 8 bytes ‖ E ‖ index, and the packet ends ciphertext ‖ tag ‖ E ‖ index.
/// The AES-GCM itself is an <see cref="IAesGcm"/>: libcrypto's EVP (<see cref="Native.NativeAesGcm"/>) or
/// System.Security.Cryptography's <see cref="AesGcm"/> (<see cref="ManagedAesGcm"/>); both give the same bytes.
/// </summary>
internal sealed class SrtpCipherAeadAesGcm : SrtpCipher
{
    private const int TagLength = 16;
    private const int SaltLength = 12;

    private readonly IAesGcm _rtp;
    private readonly IAesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public SrtpCipherAeadAesGcm(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, bool native = false)
    {
        _rtp = native ? new Native.NativeAesGcm(rtpKey) : new ManagedAesGcm(rtpKey);
        try
        {
            _rtcp = native ? new Native.NativeAesGcm(rtcpKey) : new ManagedAesGcm(rtcpKey);
        }
        catch
        {
            _rtp.Dispose();
            throw;
        }

        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
        IsNative = native;
    }

    /// <summary>RFC 7714 §11: session keys and 12-byte session salts come from the RFC 3711 AES-CM KDF.</summary>
    public static SrtpCipherAeadAesGcm FromMasterKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool native = false)
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
        try
        {
            return new SrtpCipherAeadAesGcm(rtpKey, rtpSalt, rtcpKey, rtcpSalt, native);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public override int RtpTagLength => TagLength;

    public override int RtcpTrailerLength => TagLength + 4;

    public override bool IsNative { get; }

    public override bool EncryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        Span<byte> nonce = stackalloc byte[12];
        BuildRtpNonce(nonce, ssrc, roc, sequenceNumber);
        return _rtp.Seal(nonce, packet.Slice(0, headerLength), packet.Slice(headerLength, length - headerLength), packet.Slice(length, TagLength));
    }

    public override bool DecryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        Span<byte> nonce = stackalloc byte[12];
        BuildRtpNonce(nonce, ssrc, roc, sequenceNumber);
        int ciphertextEnd = length - TagLength;
        return _rtp.Open(nonce, packet.Slice(0, headerLength), packet.Slice(headerLength, ciphertextEnd - headerLength), packet.Slice(ciphertextEnd, TagLength));
    }

    public override bool EncryptRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[12];
        BuildRtcpNonce(nonce, ssrc, index);
        uint indexWord = 0x8000_0000u | index;
        // RFC 7714 §9.2: AAD = header (8 bytes: first word and sender SSRC) ‖ E ‖ SRTCP index.
        Span<byte> aad = stackalloc byte[12];
        packet.Slice(0, 8).CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(8), indexWord);
        if (!_rtcp.Seal(nonce, aad, packet.Slice(8, length - 8), packet.Slice(length, TagLength))) return false;
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length + TagLength), indexWord);
        return true;
    }

    public override uint ReadSrtcpIndexWord(ReadOnlySpan<byte> packet) =>
        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(packet.Length - 4));

    public override bool DecryptRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord)
    {
        Span<byte> nonce = stackalloc byte[12];
        BuildRtcpNonce(nonce, ssrc, indexWord & 0x7FFF_FFFFu);
        int tagStart = length - 4 - TagLength;
        if ((indexWord & 0x8000_0000u) != 0)
        {
            Span<byte> aad = stackalloc byte[12];
            packet.Slice(0, 8).CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(8), indexWord);
            return _rtcp.Open(nonce, aad, packet.Slice(8, tagStart - 8), packet.Slice(tagStart, TagLength));
        }

        // RFC 7714 §9.3: unencrypted SRTCP; the whole packet ‖ E ‖ index is AAD. Move the tag aside and the
        // index word next to the packet so the AAD is contiguous, without allocating.
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagStart, TagLength).CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(tagStart), indexWord);
        return _rtcp.Open(nonce, packet.Slice(0, tagStart + 4), Span<byte>.Empty, tag);
    }

    private void BuildRtpNonce(Span<byte> nonce, uint ssrc, uint roc, ushort sequenceNumber)
    {
        // RFC 7714 §8.1: 2 zero octets, SSRC, ROC, SEQ; XOR the 12-byte salt.
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(6), roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce.Slice(10), sequenceNumber);
        AesCounterMode.Xor(nonce, _rtpSalt);
    }

    private void BuildRtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        // RFC 7714 §9.1: 2 zero octets, SSRC, 2 zero octets, 0 ‖ 31-bit SRTCP index; XOR the salt.
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
        _rtp.Dispose();
        _rtcp.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
