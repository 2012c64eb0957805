using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>
/// Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): PSFB, FMT=15 (application
/// layer feedback), media SSRC 0, FCI = "REMB", number of SSRCs, bitrate as 6-bit exponent and 18-bit
/// mantissa (bps = mantissa · 2^exp), then the SSRCs the estimate applies to.
/// </summary>
public readonly ref struct RtcpReceiverEstimatedMaxBitrate
{
    private static ReadOnlySpan<byte> Identifier => "REMB"u8;

    private readonly ReadOnlySpan<byte> _ssrcs;

    private RtcpReceiverEstimatedMaxBitrate(uint senderSsrc, ulong bitrate, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    public uint SenderSsrc { get; }

    /// <summary>Estimated maximum total bitrate in bits per second.</summary>
    public ulong Bitrate { get; }

    public int SsrcCount => _ssrcs.Length / 4;

    public uint GetSsrc(int index) => (uint)index < (uint)SsrcCount
        ? BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(index * 4))
        : throw new ArgumentOutOfRangeException(nameof(index));

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.ApplicationLayerFeedback, out var fb)
            || fb.Fci.Length < 8 || !fb.Fci.Slice(0, 4).SequenceEqual(Identifier))
        {
            return false;
        }
        int count = fb.Fci[4];
        if (fb.Fci.Length < 8 + 4 * count) return false;
        int exponent = fb.Fci[5] >> 2;
        uint mantissa = (uint)((fb.Fci[5] & 0x03) << 16 | fb.Fci[6] << 8 | fb.Fci[7]);
        // 18-bit mantissa shifted by up to 63 can exceed 64 bits; saturate instead of wrapping.
        ulong bitrate = exponent + 18 > 64 && mantissa != 0 && (mantissa >> (64 - exponent)) != 0
            ? ulong.MaxValue
            : (ulong)mantissa << exponent;
        remb = new RtcpReceiverEstimatedMaxBitrate(fb.SenderSsrc, bitrate, fb.Fci.Slice(8, 4 * count));
        return true;
    }

    /// <summary>Writes a REMB; the bitrate is rounded down to what an 18-bit mantissa can express.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs, out int written)
    {
        written = 0;
        int length = RtcpFeedback.FixedLength + 8 + 4 * ssrcs.Length;
        if (ssrcs.Length > 255 || destination.Length < length) return false;
        int exponent = 0;
        while (bitrate >> exponent > 0x3FFFF) exponent++;
        uint mantissa = (uint)(bitrate >> exponent);
        RtcpFeedback.WriteFixed(destination, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.ApplicationLayerFeedback, length, senderSsrc, 0);
        var fci = destination.Slice(RtcpFeedback.FixedLength);
        Identifier.CopyTo(fci);
        fci[4] = (byte)ssrcs.Length;
        fci[5] = (byte)(exponent << 2 | (int)(mantissa >> 16));
        fci[6] = (byte)(mantissa >> 8);
        fci[7] = (byte)mantissa;
        for (int i = 0; i < ssrcs.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(fci.Slice(8 + 4 * i), ssrcs[i]);
        written = length;
        return true;
    }
}
