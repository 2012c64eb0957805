using System.Buffers.Binary;
using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Srtp;

/// <summary>
/// One SRTP/SRTCP cryptographic context for one direction of a DTLS-SRTP association (RFC 3711 §3.2):
/// session keys derived once from the master key, and per SSRC the rollover counter, replay windows and
/// SRTCP index. All operations work in place on a caller buffer and return an <see cref="SrtpResult"/>;
/// nothing throws on hostile input and nothing allocates per packet once an SSRC is known.
/// Not thread-safe: use one context per direction from one thread at a time.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    /// <summary>Upper bound on SSRCs tracked, so forged-but-authentic floods cannot grow memory without limit.</summary>
    public const int DefaultMaxStreams = 1024;

    private readonly SrtpCipher _cipher;
    private readonly Dictionary<uint, SrtpStreamState> _streams = new();
    private readonly int _maxStreams;

    public SrtpContext(SrtpProfile profile, SrtpMasterKey masterKey, int maxStreams = DefaultMaxStreams)
        : this(profile, CreateCipher(profile, masterKey, SrtpCryptoBackend.Default), maxStreams)
    {
    }

    /// <summary>A context on a chosen implementation (tests and benchmarks compare native and managed).</summary>
    internal SrtpContext(SrtpProfile profile, SrtpMasterKey masterKey, SrtpCryptoBackend backend, int maxStreams = DefaultMaxStreams)
        : this(profile, CreateCipher(profile, masterKey, backend), maxStreams)
    {
    }

    internal SrtpContext(SrtpProfile profile, SrtpCipher cipher, int maxStreams = DefaultMaxStreams)
    {
        Profile = profile;
        _cipher = cipher;
        _maxStreams = maxStreams;
    }

    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="ProtectRtp"/> appends; the buffer must have this much room after the packet.</summary>
    public int RtpOverhead => _cipher.RtpTagLength;

    /// <summary>Bytes <see cref="ProtectRtcp"/> appends.</summary>
    public int RtcpOverhead => _cipher.RtcpTrailerLength;

    /// <summary>Packets (RTP and RTCP) whose authentication tag did not verify.</summary>
    public long AuthenticationFailures { get; private set; }

    /// <summary>Packets (RTP and RTCP) rejected as replayed or too old for the window.</summary>
    public long ReplaysRejected { get; private set; }

    /// <summary>Packets too short or not RTP/RTCP at all.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>True when this context calls libcrypto directly (see <see cref="SrtpCrypto"/>).</summary>
    internal bool IsNative => _cipher.IsNative;

    private static SrtpCipher CreateCipher(SrtpProfile profile, SrtpMasterKey masterKey, SrtpCryptoBackend backend)
    {
        if (masterKey.Key.Length != profile.KeyLength() || masterKey.Salt.Length != profile.SaltLength())
            throw new ArgumentException($"{profile} needs a {profile.KeyLength()}-byte key and a {profile.SaltLength()}-byte salt.", nameof(masterKey));
        if (SrtpCrypto.Resolve(backend))
        {
            try
            {
                return profile switch
                {
                    SrtpProfile.Aes128CmHmacSha1_80 => SrtpCipherAesCmHmacSha1.FromMasterKey(10, masterKey.Key, masterKey.Salt, native: true),
                    SrtpProfile.Aes128CmHmacSha1_32 => SrtpCipherAesCmHmacSha1.FromMasterKey(4, masterKey.Key, masterKey.Salt, native: true),
                    _ => SrtpCipherAeadAesGcm.FromMasterKey(masterKey.Key, masterKey.Salt, native: true),
                };
            }
            catch (System.Security.Cryptography.CryptographicException) when (backend == SrtpCryptoBackend.Default)
            {
                // libcrypto loaded but refused to set up a context: the managed ciphers still work.
            }
        }

        return profile switch
        {
            SrtpProfile.Aes128CmHmacSha1_80 => SrtpCipherAesCmHmacSha1.FromMasterKey(10, masterKey.Key, masterKey.Salt),
            SrtpProfile.Aes128CmHmacSha1_32 => SrtpCipherAesCmHmacSha1.FromMasterKey(4, masterKey.Key, masterKey.Salt),
            _ => SrtpCipherAeadAesGcm.FromMasterKey(masterKey.Key, masterKey.Salt),
        };
    }

    /// <summary>
    /// Protects the RTP packet in buffer[..length] in place (RFC 3711 §3.3): encrypts the payload and
    /// appends the tag, so <paramref name="buffer"/> needs <see cref="RtpOverhead"/> spare bytes. The
    /// rollover counter follows the sequence numbers this context has sent for the SSRC.
    /// </summary>
    public SrtpResult ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length) return SrtpResult.TooShort;
        if (!RtpHeader.TryReadHeaderLength(buffer.Slice(0, length), out int headerLength)) return Malformed();
        if (buffer.Length - length < _cipher.RtpTagLength) return SrtpResult.BufferTooSmall;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(8));
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2));
        if (!TryGetStream(ssrc, create: true, out var stream)) return SrtpResult.TooManyStreams;

        long index = SrtpStreamState.EstimateIndex(stream.Rtp, seq);
        if (index < 0) index = seq; // a sender never goes back before its first packet; treat as ROC 0
        stream.Rtp.Accept(index);
        if (!_cipher.EncryptRtp(buffer, headerLength, length, ssrc, (uint)(index >> 16), seq)) return SrtpResult.CryptoFailed;
        protectedLength = length + _cipher.RtpTagLength;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Unprotects the SRTP packet <paramref name="packet"/> in place (RFC 3711 §3.3): estimates the
    /// index, rejects replays, verifies the tag, decrypts, then updates ROC and replay window.
    /// <paramref name="length"/> is the plain RTP length (tag removed).
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        int tagLength = _cipher.RtpTagLength;
        if (packet.Length < RtpHeader.FixedLength + tagLength) return TooShort();
        int authenticated = packet.Length - tagLength;
        if (!RtpHeader.TryReadHeaderLength(packet.Slice(0, authenticated), out int headerLength)) return Malformed();
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8));
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));

        _streams.TryGetValue(ssrc, out var stream);
        var window = stream?.Rtp ?? default;
        long index = SrtpStreamState.EstimateIndex(window, seq);
        if (index < 0 || window.IsReplay(index))
        {
            ReplaysRejected++;
            return SrtpResult.Replay;
        }
        if (!_cipher.DecryptRtp(packet, headerLength, packet.Length, ssrc, (uint)(index >> 16), seq))
        {
            AuthenticationFailures++;
            return SrtpResult.AuthFailed;
        }
        // Only an authenticated packet may create state or move the window (RFC 3711 §3.3.2).
        if (stream is null && !TryGetStream(ssrc, create: true, out stream)) return SrtpResult.TooManyStreams;
        stream.Rtp.Accept(index);
        length = authenticated;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Protects the (compound) RTCP packet in buffer[..length] in place (RFC 3711 §3.4, RFC 7714 §9):
    /// encrypts after the first 8 bytes, appends E ‖ SRTCP index and the tag (<see cref="RtcpOverhead"/> bytes).
    /// </summary>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length) return SrtpResult.TooShort;
        if (length < 8 || buffer[0] >> 6 != 2) return Malformed();
        if (buffer.Length - length < _cipher.RtcpTrailerLength) return SrtpResult.BufferTooSmall;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(4));
        if (!TryGetStream(ssrc, create: true, out var stream)) return SrtpResult.TooManyStreams;
        uint index = stream.NextSrtcpIndex;
        stream.NextSrtcpIndex = (index + 1) & 0x7FFF_FFFFu;
        if (!_cipher.EncryptRtcp(buffer, length, ssrc, index)) return SrtpResult.CryptoFailed;
        protectedLength = length + _cipher.RtcpTrailerLength;
        return SrtpResult.Ok;
    }

    /// <summary>Unprotects an SRTCP packet in place; <paramref name="length"/> is the plain RTCP length.</summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        int trailer = _cipher.RtcpTrailerLength;
        if (packet.Length < 8 + trailer) return TooShort();
        if (packet[0] >> 6 != 2) return Malformed();
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
        uint indexWord = _cipher.ReadSrtcpIndexWord(packet);
        long index = indexWord & 0x7FFF_FFFFu;

        _streams.TryGetValue(ssrc, out var stream);
        if (stream is not null && stream.Rtcp.IsReplay(index))
        {
            ReplaysRejected++;
            return SrtpResult.Replay;
        }
        if (!_cipher.DecryptRtcp(packet, packet.Length, ssrc, indexWord))
        {
            AuthenticationFailures++;
            return SrtpResult.AuthFailed;
        }
        if (stream is null && !TryGetStream(ssrc, create: true, out stream)) return SrtpResult.TooManyStreams;
        stream.Rtcp.Accept(index);
        length = packet.Length - trailer;
        return SrtpResult.Ok;
    }

    /// <summary>The rollover counter this context holds for <paramref name="ssrc"/> (RFC 3711 §3.3.1).</summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        if (_streams.TryGetValue(ssrc, out var stream) && stream.Rtp.Initialized)
        {
            rolloverCounter = (uint)(stream.Rtp.Highest >> 16);
            return true;
        }
        rolloverCounter = 0;
        return false;
    }

    /// <summary>
    /// Starts <paramref name="ssrc"/> at a known ROC and sequence number, as when a stream joins mid-way
    /// (RFC 3711 §3.3.1 leaves signalling the ROC to the key management) — and for test vectors.
    /// </summary>
    public void SetRolloverCounter(uint ssrc, uint rolloverCounter, ushort highestSequenceNumber)
    {
        TryGetStream(ssrc, create: true, out var stream);
        stream!.Rtp = default;
        stream.Rtp.Accept((long)rolloverCounter << 16 | highestSequenceNumber);
    }

    /// <summary>Sets the SRTCP index the next <see cref="ProtectRtcp"/> for <paramref name="ssrc"/> uses.</summary>
    public void SetNextSrtcpIndex(uint ssrc, uint index)
    {
        TryGetStream(ssrc, create: true, out var stream);
        stream!.NextSrtcpIndex = index & 0x7FFF_FFFFu;
    }

    private bool TryGetStream(uint ssrc, bool create, out SrtpStreamState stream)
    {
        if (_streams.TryGetValue(ssrc, out stream!)) return true;
        if (!create || _streams.Count >= _maxStreams) return false;
        stream = new SrtpStreamState();
        _streams.Add(ssrc, stream);
        return true;
    }

    private SrtpResult Malformed()
    {
        MalformedPackets++;
        return SrtpResult.Malformed;
    }

    private SrtpResult TooShort()
    {
        MalformedPackets++;
        return SrtpResult.TooShort;
    }

    public void Dispose() => _cipher.Dispose();
}
