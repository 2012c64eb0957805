using System.Buffers.Binary;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>Plain RTP and RTCP packets for the node tests.</summary>
internal static class TestPackets
{
    /// <summary>RTP (RFC 3550 §5.1): V=2, no extension, the given PT, seq, timestamp, SSRC, random payload.</summary>
    public static byte[] Rtp(uint ssrc, ushort sequenceNumber, int payloadLength = 160, byte payloadType = 111, int seed = 0)
    {
        var packet = new byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequenceNumber * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        new Random(seed + sequenceNumber).NextBytes(packet.AsSpan(12));
        return packet;
    }

    /// <summary>RTCP receiver report (RFC 3550 §6.4.2) with one report block about <paramref name="mediaSsrc"/>.</summary>
    public static byte[] ReceiverReport(uint senderSsrc, uint mediaSsrc)
    {
        var packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), mediaSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), 4242);
        return packet;
    }
}
