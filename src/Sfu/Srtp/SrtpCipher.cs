namespace RedConnect.Sfu.Srtp;

/// <summary>
/// The per-profile transform under an <see cref="SrtpContext"/>: it knows the session keys and the
/// packet layout of its profile; the context owns indices, rollover counters and replay windows.
/// All methods work in place; callers have checked lengths and buffer room. Nothing throws per packet:
/// a failure of the underlying crypto library comes back as false.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    public abstract int RtpTagLength { get; }

    public abstract int RtcpTrailerLength { get; }

    /// <summary>True when the primitives underneath are libcrypto's (see <see cref="SrtpCrypto"/>).</summary>
    public abstract bool IsNative { get; }

    /// <summary>Encrypts packet[headerLength..length] and writes the tag at packet[length..]. False only when the crypto library fails.</summary>
    public abstract bool EncryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber);

    /// <summary>Verifies the tag at the end of packet[..length] and decrypts the payload. False when the tag is wrong.</summary>
    public abstract bool DecryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber);

    /// <summary>Encrypts packet[8..length] and appends the SRTCP trailer (E ‖ index and tag) for <paramref name="index"/>.</summary>
    public abstract bool EncryptRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>The 32-bit word holding the E flag and the 31-bit SRTCP index of a protected packet.</summary>
    public abstract uint ReadSrtcpIndexWord(ReadOnlySpan<byte> packet);

    /// <summary>Verifies and, when the E flag is set, decrypts a protected RTCP packet of <paramref name="length"/> bytes.</summary>
    public abstract bool DecryptRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord);

    public abstract void Dispose();
}
