using RedConnect.Sfu.Rtp;
using RedConnect.Sfu.Srtp;

namespace RedConnect.Benchmarks.Srtp;

/// <summary>Keys and RTP packets shared by the SRTP benchmarks.</summary>
internal static class SrtpBenchmarkPackets
{
    public const uint Ssrc = 0x5EED5EED;

    public static SrtpMasterKey MasterKey(SrtpProfile profile, byte seed) => new(
        Enumerable.Range(seed, profile.KeyLength()).Select(i => (byte)i).ToArray(),
        Enumerable.Range(seed + 50, profile.SaltLength()).Select(i => (byte)i).ToArray());

    /// <summary>A browser-like RTP packet: 12-byte header, 8-byte one-byte extension block, payload.</summary>
    public static byte[] Plain(int payloadSize, out int length)
    {
        var buffer = new byte[12 + 8 + payloadSize + 16];
        Span<byte> ext = stackalloc byte[4];
        RtpPacketWriter.TryWriteOneByteElement(ext, 3, new byte[] { 0x12, 0x34 }, out int extLength);
        var payload = Enumerable.Range(0, payloadSize).Select(i => (byte)i).ToArray();
        RtpPacketWriter.TryWrite(buffer, 96, false, 0, 0, Ssrc, ReadOnlySpan<uint>.Empty, ext.Slice(0, extLength), payload, out length);
        return buffer;
    }
}
