using RedConnect.Sfu.Rtcp;

namespace RedConnect.Sfu.Tests.Routing;

internal static class Feedback
{
    public static uint[] PlisTo(RecordingTransport publisher) =>
        publisher.SentRtcp.Where(p => RtcpPictureLossIndication.TryParse(p, out _))
            .Select(p => { RtcpPictureLossIndication.TryParse(p, out var pli); return pli.MediaSsrc; }).ToArray();

    public static ushort[][] NacksTo(RecordingTransport publisher) =>
        publisher.SentRtcp.Where(p => RtcpGenericNack.TryParse(p, out _)).Select(p =>
        {
            RtcpGenericNack.TryParse(p, out var nack);
            var lost = new List<ushort>();
            foreach (ushort seq in nack.LostSequenceNumbers) lost.Add(seq);
            return lost.ToArray();
        }).ToArray();

    public static (ulong Bitrate, uint[] Ssrcs)[] RembsTo(RecordingTransport publisher) =>
        publisher.SentRtcp.Where(p => RtcpReceiverEstimatedMaxBitrate.TryParse(p, out _)).Select(p =>
        {
            RtcpReceiverEstimatedMaxBitrate.TryParse(p, out var remb);
            var ssrcs = new uint[remb.SsrcCount];
            for (int i = 0; i < ssrcs.Length; i++) ssrcs[i] = remb.GetSsrc(i);
            return (remb.Bitrate, ssrcs);
        }).ToArray();

    public static byte[] Pli(uint sender, uint media)
    {
        var packet = new byte[RtcpPictureLossIndication.Length];
        Assert.True(new RtcpPictureLossIndication(sender, media).TryWrite(packet, out _));
        return packet;
    }

    public static byte[] Fir(uint sender, uint media)
    {
        var packet = new byte[RtcpFeedback.FixedLength + RtcpFullIntraRequest.EntryLength];
        Assert.True(RtcpFullIntraRequest.TryWrite(packet, sender, [new RtcpFirEntry(media, 1)], out _));
        return packet;
    }

    public static byte[] Nack(uint sender, uint media, params ushort[] lost)
    {
        var packet = new byte[256];
        Assert.True(RtcpGenericNack.TryWrite(packet, sender, media, lost, out int written));
        return packet[..written];
    }

    public static byte[] Remb(uint sender, ulong bitrate, params uint[] ssrcs)
    {
        var packet = new byte[256];
        Assert.True(RtcpReceiverEstimatedMaxBitrate.TryWrite(packet, sender, bitrate, ssrcs, out int written));
        return packet[..written];
    }
}
