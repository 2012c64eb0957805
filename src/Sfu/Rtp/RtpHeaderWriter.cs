using System.Buffers.Binary;

namespace RedConnect.Sfu.Rtp;

/// <summary>
/// In-place rewrites of an RTP header, as an SFU does per consumer (new SSRC, continuous sequence
/// numbers and timestamps, the subscriber's payload type) and per hop (abs-send-time, transport-cc
/// sequence number). Each call touches only the bytes it names; the caller has parsed the packet first.
/// </summary>
public static class RtpHeaderWriter
{
    public static void SetSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8, 4), ssrc);

    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2, 2), sequenceNumber);

    public static void SetTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4, 4), timestamp);

    /// <summary>Sets the 7-bit payload type and keeps the marker bit (RFC 3550 §5.1).</summary>
    public static void SetPayloadType(Span<byte> packet, byte payloadType) =>
        packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));

    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);

    /// <summary>
    /// Overwrites the value of extension element <paramref name="id"/> with <paramref name="value"/>
    /// of the same length. False when the packet does not parse, has no such element, or the lengths differ.
    /// </summary>
    public static bool TryWriteExtension(Span<byte> packet, byte id, ReadOnlySpan<byte> value)
    {
        if (!RtpPacket.TryParse(packet, out var parsed)
            || !parsed.TryGetExtension(id, out var current, out int offset)
            || current.Length != value.Length)
        {
            return false;
        }
        value.CopyTo(packet.Slice(offset));
        return true;
    }

    /// <summary>
    /// Rewrites the transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2:
    /// a 16-bit big-endian value) carried in element <paramref name="id"/>.
    /// </summary>
    public static bool TryWriteTransportSequenceNumber(Span<byte> packet, byte id, ushort sequenceNumber)
    {
        Span<byte> value = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(value, sequenceNumber);
        return TryWriteExtension(packet, id, value);
    }

    /// <summary>
    /// Rewrites abs-send-time (webrtc.org abs-send-time: 24-bit 6.18 fixed-point seconds) in element <paramref name="id"/>.
    /// </summary>
    public static bool TryWriteAbsSendTime(Span<byte> packet, byte id, uint absSendTime24)
    {
        Span<byte> value = stackalloc byte[3];
        value[0] = (byte)(absSendTime24 >> 16);
        value[1] = (byte)(absSendTime24 >> 8);
        value[2] = (byte)absSendTime24;
        return TryWriteExtension(packet, id, value);
    }
}
