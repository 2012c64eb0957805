using RedConnect.Sfu.Rtcp;

namespace RedConnect.Sfu.Tests.Rtcp;

public class RtcpCompoundReaderTests
{
    private static byte[] Compound()
    {
        var buffer = new byte[200];
        int offset = 0;
        Assert.True(RtcpReceiverReport.TryWrite(buffer, 1, ReadOnlySpan<RtcpReportBlock>.Empty, out int n)); offset += n;
        Assert.True(RtcpSourceDescription.TryWriteCname(buffer.AsSpan(offset), 1, "cname"u8, out n)); offset += n;
        Assert.True(new RtcpPictureLossIndication(1, 2).TryWrite(buffer.AsSpan(offset), out n)); offset += n;
        Assert.True(RtcpGenericNack.TryWrite(buffer.AsSpan(offset), 1, 2, new ushort[] { 5 }, out n)); offset += n;
        Assert.True(RtcpBye.TryWrite(buffer.AsSpan(offset), new uint[] { 1 }, ReadOnlySpan<byte>.Empty, out n)); offset += n;
        return buffer.AsSpan(0, offset).ToArray();
    }

    [Fact]
    public void Iterates_every_packet_of_a_compound()
    {
        var types = new List<(byte, byte)>();
        var reader = new RtcpCompoundReader(Compound());
        while (reader.MoveNext()) types.Add((reader.Current.PacketType, reader.Current.Count));
        Assert.False(reader.Malformed);
        Assert.Equal(new (byte, byte)[] { (201, 0), (202, 1), (206, 1), (205, 1), (203, 1) }, types);
        Assert.True(RtcpCompoundReader.IsValid(Compound()));
    }

    [Fact]
    public void Stops_and_flags_a_truncated_tail()
    {
        var compound = Compound();
        var truncated = compound.AsSpan(0, compound.Length - 2).ToArray();
        var reader = new RtcpCompoundReader(truncated);
        int count = 0;
        while (reader.MoveNext()) count++;
        Assert.Equal(4, count);
        Assert.True(reader.Malformed);
        Assert.False(RtcpCompoundReader.IsValid(truncated));
    }

    [Fact]
    public void Every_truncation_and_random_input_is_handled_without_throwing()
    {
        var compound = Compound();
        for (int n = 0; n <= compound.Length; n++) ParseAll(compound.AsSpan(0, n));
        var random = new Random(3);
        var buffer = new byte[120];
        for (int i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            buffer[1] = (byte)random.Next(200, 207);
            buffer[2] = 0;
            buffer[3] = (byte)random.Next(0, 30);
            ParseAll(buffer.AsSpan(0, random.Next(buffer.Length)));
        }
    }

    private static void ParseAll(ReadOnlySpan<byte> datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        while (reader.MoveNext())
        {
            var p = reader.Current.Buffer;
            if (RtcpSenderReport.TryParse(p, out var sr)) for (int i = 0; i < sr.ReportBlocks.Count; i++) _ = sr.ReportBlocks[i];
            if (RtcpReceiverReport.TryParse(p, out var rr)) for (int i = 0; i < rr.ReportBlocks.Count; i++) _ = rr.ReportBlocks[i];
            if (RtcpSourceDescription.TryParse(p, out var sdes)) foreach (var _ in sdes) { }
            if (RtcpBye.TryParse(p, out var bye)) for (int i = 0; i < bye.SsrcCount; i++) _ = bye.GetSsrc(i);
            if (RtcpGenericNack.TryParse(p, out var nack)) foreach (var _ in nack.LostSequenceNumbers) { }
            if (RtcpFullIntraRequest.TryParse(p, out var fir)) for (int i = 0; i < fir.Count; i++) _ = fir[i];
            if (RtcpReceiverEstimatedMaxBitrate.TryParse(p, out var remb)) for (int i = 0; i < remb.SsrcCount; i++) _ = remb.GetSsrc(i);
            if (RtcpTransportFeedback.TryParse(p, out var twcc)) foreach (var _ in twcc.Packets) { }
            RtcpPictureLossIndication.TryParse(p, out _);
        }
    }
}
