using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// Rewrites the RFC 8285 header extension ids of a publisher's packet to the ids negotiated with
/// subscribers, in place: the element keeps its position and length, only its id changes. Elements the
/// subscriber did not negotiate are overwritten with zero bytes, which RFC 8285 §4.2 and §4.3 define as
/// padding, so a receiver skips them instead of misreading them under a foreign id. abs-send-time is
/// re-stamped with the SFU's send time so a subscriber's bandwidth estimate measures the SFU→subscriber path.
/// </summary>
public sealed class HeaderExtensionMap
{
    private readonly byte[] _map = new byte[256];

    /// <summary>Maps publisher id <paramref name="sourceId"/> to subscriber id <paramref name="destinationId"/> (0 = remove).</summary>
    public void Add(int sourceId, byte destinationId)
    {
        if (sourceId is > 0 and < 256) _map[sourceId] = destinationId;
    }

    /// <summary>Subscriber id of abs-send-time, 0 when not forwarded.</summary>
    public byte AbsSendTimeId { get; init; } = RoutingCapabilities.SubscriberAbsSendTimeId;

    /// <summary>
    /// Rewrites ids in <paramref name="packet"/>. <paramref name="absSendTime24"/> is the 6.18 fixed-point
    /// send time to write into abs-send-time. Packets without an extension block are left alone.
    /// </summary>
    public void Apply(Span<byte> packet, in RtpHeader header, uint absSendTime24)
    {
        if (!header.Extension) return;
        bool oneByte = header.ExtensionProfile == RtpHeaderExtensionEnumerator.OneByteProfile;
        if (!oneByte && (header.ExtensionProfile & 0xFFF0) != RtpHeaderExtensionEnumerator.TwoByteProfile)
        {
            return; // not RFC 8285: an unknown profile is forwarded as is
        }

        // Enumerate over a read-only alias of the same memory: each write lands in an element the
        // enumerator has already passed, so its walk is unaffected.
        ReadOnlySpan<byte> view = packet;
        foreach (RtpHeaderExtensionElement element in header.GetExtensions(view))
        {
            int headerStart = element.Offset - (oneByte ? 1 : 2);
            byte destination = _map[element.Id];
            if (destination == 0 || (oneByte && destination > 14))
            {
                packet.Slice(headerStart, element.Offset - headerStart + element.Value.Length).Clear();
                continue;
            }

            if (oneByte)
            {
                packet[headerStart] = (byte)((destination << 4) | (packet[headerStart] & 0x0F));
            }
            else
            {
                packet[headerStart] = destination;
            }

            if (destination == AbsSendTimeId && element.Value.Length == 3)
            {
                packet[element.Offset] = (byte)(absSendTime24 >> 16);
                packet[element.Offset + 1] = (byte)(absSendTime24 >> 8);
                packet[element.Offset + 2] = (byte)absSendTime24;
            }
        }
    }

    /// <summary>abs-send-time: seconds as unsigned 6.18 fixed point, 24 bits (webrtc.org abs-send-time).</summary>
    public static uint AbsSendTime(long timestamp, long frequency)
    {
        long seconds = Math.DivRem(timestamp, frequency, out long fraction);
        return (uint)((seconds << 18) + (fraction << 18) / frequency) & 0xFFFFFF;
    }
}
