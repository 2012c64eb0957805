using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtcp;

/// <summary>
/// Builds transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) from
/// consecutive packet results. Chunks are chosen greedily: a run-length chunk for 14 or more equal
/// statuses (or 7+ that a vector could not pack better), a 1-bit vector when the next 14 statuses need
/// no large delta, otherwise a 2-bit vector of 7.
/// </summary>
public static class RtcpTransportFeedbackWriter
{
    private const int MaxRunLength = 0x1FFF;

    /// <summary>
    /// Writes the feedback. <paramref name="packets"/> must have consecutive sequence numbers starting
    /// with the base; every received delta must fit a signed 16-bit tick count. False otherwise, or when
    /// <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination, uint senderSsrc, uint mediaSsrc, int referenceTime, byte feedbackPacketCount,
        ReadOnlySpan<TransportPacketResult> packets, out int written)
    {
        written = 0;
        if (packets.IsEmpty || packets.Length > ushort.MaxValue) return false;
        if (referenceTime < -0x800000 || referenceTime > 0x7FFFFF) return false;
        int deltaBytes = 0;
        for (int k = 0; k < packets.Length; k++)
        {
            if (packets[k].SequenceNumber != (ushort)(packets[0].SequenceNumber + k)) return false;
            int symbol = Symbol(packets[k]);
            if (symbol < 0) return false;
            deltaBytes += symbol;
        }

        int offset = RtcpFeedback.FixedLength + RtcpTransportFeedback.FciHeaderLength;
        int i = 0;
        while (i < packets.Length)
        {
            if (offset + 2 > destination.Length) return false;
            ushort chunk = NextChunk(packets, i, out int consumed);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), chunk);
            offset += 2;
            i += consumed;
        }

        if (offset + deltaBytes > destination.Length) return false;
        foreach (var p in packets)
        {
            switch (Symbol(p))
            {
                case RtcpTransportFeedback.ReceivedSmallDelta:
                    destination[offset++] = (byte)p.DeltaTicks;
                    break;
                case RtcpTransportFeedback.ReceivedLargeDelta:
                    BinaryPrimitives.WriteInt16BigEndian(destination.Slice(offset), (short)p.DeltaTicks);
                    offset += 2;
                    break;
            }
        }

        // RFC 3550 §6.4.1: pad to 32 bits; the last padding byte counts the padding, P bit set.
        int padding = (4 - offset % 4) % 4;
        int length = offset + padding;
        if (length > destination.Length) return false;
        destination.Slice(offset, padding).Clear();
        if (padding > 0) destination[length - 1] = (byte)padding;

        RtcpFeedback.WriteFixed(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportWideCongestionControl, length, senderSsrc, mediaSsrc);
        if (padding > 0) destination[0] |= 0x20;
        var fci = destination.Slice(RtcpFeedback.FixedLength);
        BinaryPrimitives.WriteUInt16BigEndian(fci, packets[0].SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci.Slice(2), (ushort)packets.Length);
        fci[4] = (byte)(referenceTime >> 16);
        fci[5] = (byte)(referenceTime >> 8);
        fci[6] = (byte)referenceTime;
        fci[7] = feedbackPacketCount;
        written = length;
        return true;
    }

    private static int Symbol(in TransportPacketResult p)
    {
        if (!p.Received) return RtcpTransportFeedback.NotReceived;
        if (p.DeltaTicks is >= 0 and <= 255) return RtcpTransportFeedback.ReceivedSmallDelta;
        if (p.DeltaTicks is >= short.MinValue and <= short.MaxValue) return RtcpTransportFeedback.ReceivedLargeDelta;
        return -1;
    }

    private static ushort NextChunk(ReadOnlySpan<TransportPacketResult> packets, int start, out int consumed)
    {
        int remaining = packets.Length - start;
        int first = Symbol(packets[start]);
        int run = 1;
        while (run < remaining && run < MaxRunLength && Symbol(packets[start + run]) == first) run++;

        int window = Math.Min(14, remaining);
        bool fitsOneBit = true;
        for (int k = 0; k < window && fitsOneBit; k++) fitsOneBit = Symbol(packets[start + k]) <= 1;

        if (run >= 14 || run == remaining || (run >= 7 && !fitsOneBit))
        {
            // §3.1.3 run length chunk: T=0, S (2 bits), run length (13 bits).
            consumed = run;
            return (ushort)(first << 13 | run);
        }
        if (fitsOneBit)
        {
            // §3.1.4 status vector chunk, S=0: 14 one-bit symbols.
            ushort chunk = 0x8000;
            for (int k = 0; k < window; k++) chunk |= (ushort)(Symbol(packets[start + k]) << (13 - k));
            consumed = window;
            return chunk;
        }
        // §3.1.4 status vector chunk, S=1: 7 two-bit symbols.
        int count = Math.Min(7, remaining);
        ushort twoBit = 0xC000;
        for (int k = 0; k < count; k++) twoBit |= (ushort)(Symbol(packets[start + k]) << (12 - 2 * k));
        consumed = count;
        return twoBit;
    }
}
