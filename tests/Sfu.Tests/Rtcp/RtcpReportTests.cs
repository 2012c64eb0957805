using RedConnect.Sfu.Rtcp;

namespace RedConnect.Sfu.Tests.Rtcp;

public class RtcpReportTests
{
    private static readonly RtcpReportBlock Block = new(0x0A0B0C0D, 25, -3, 0x0001FFFF, 77, 0x12345678, 65536);

    [Fact]
    public void Sender_report_round_trips_with_report_block()
    {
        var buffer = new byte[100];
        Assert.True(RtcpSenderReport.TryWrite(buffer, 0x11111111, 0xE1E2E3E4_00008000, 48000, 10, 1200, new[] { Block }, out int n));
        Assert.Equal(52, n); // 28 + 24
        // RFC 3550 §6.4.1 header: V=2, RC=1, PT=200, length = 52/4 - 1 = 12.
        Assert.Equal("81c8000c11111111", TestHex.Of(buffer.AsSpan(0, 8)));
        Assert.True(RtcpSenderReport.TryParse(buffer.AsSpan(0, n), out var sr));
        Assert.Equal(0x11111111u, sr.Ssrc);
        Assert.Equal(0xE1E2E3E4_00008000ul, sr.NtpTimestamp);
        Assert.Equal(48000u, sr.RtpTimestamp);
        Assert.Equal(10u, sr.PacketCount);
        Assert.Equal(1200u, sr.OctetCount);
        Assert.Equal(1, sr.ReportBlocks.Count);
        Assert.Equal(Block, sr.ReportBlocks[0]);
    }

    [Fact]
    public void Receiver_report_keeps_negative_cumulative_loss()
    {
        var buffer = new byte[40];
        Assert.True(RtcpReceiverReport.TryWrite(buffer, 0x22222222, new[] { Block }, out int n));
        // cumulative lost −3 as signed 24 bits: ff ff fd, right after fraction lost 0x19.
        Assert.Equal("19fffffd", TestHex.Of(buffer.AsSpan(12, 4)));
        Assert.True(RtcpReceiverReport.TryParse(buffer.AsSpan(0, n), out var rr));
        Assert.Equal(0x22222222u, rr.Ssrc);
        Assert.Equal(-3, rr.ReportBlocks[0].CumulativeLost);
    }

    [Fact]
    public void Report_count_larger_than_packet_is_rejected()
    {
        // RR claiming two report blocks (RC=2) in a packet that holds none.
        Assert.False(RtcpReceiverReport.TryParse(TestHex.Bytes("82c90001 22222222"), out _));
    }

    [Fact]
    public void Sdes_cname_is_written_padded_and_read_back()
    {
        var buffer = new byte[32];
        Assert.True(RtcpSourceDescription.TryWriteCname(buffer, 0x01020304, "abc"u8, out int n));
        // 4 header + 4 SSRC + type 1, len 3, "abc", null item, 2 pad = 16 bytes → length field 3.
        Assert.Equal("81ca0003010203040103616263000000", TestHex.Of(buffer.AsSpan(0, n)));
        Assert.True(RtcpSourceDescription.TryParse(buffer.AsSpan(0, n), out var sdes));
        Assert.True(sdes.TryGetCname(out uint ssrc, out var cname));
        Assert.Equal(0x01020304u, ssrc);
        Assert.Equal("abc"u8.ToArray(), cname.ToArray());
    }

    [Fact]
    public void Sdes_with_two_chunks_yields_items_of_both()
    {
        // Chunk 1: SSRC 1, CNAME "a", null, pad. Chunk 2: SSRC 2, CNAME "bc", NAME(2) "d", null.
        var packet = TestHex.Bytes("82ca0005 00000001 01016100 00000002 0102626302016400");
        Assert.True(RtcpSourceDescription.TryParse(packet, out var sdes));
        var items = new List<string>();
        foreach (var item in sdes) items.Add($"{item.Ssrc}/{item.Type}/{System.Text.Encoding.ASCII.GetString(item.Text)}");
        Assert.Equal(new[] { "1/1/a", "2/1/bc", "2/2/d" }, items);
    }

    [Fact]
    public void Sdes_item_running_past_packet_is_rejected()
    {
        Assert.False(RtcpSourceDescription.TryParse(TestHex.Bytes("81ca0002 00000001 01ff6100"), out _));
    }

    [Fact]
    public void Bye_round_trips_sources_and_reason()
    {
        var buffer = new byte[40];
        Assert.True(RtcpBye.TryWrite(buffer, new uint[] { 5, 6 }, "left"u8, out int n));
        // 4 + 8 + 1 + 4 = 17 → padded to 20, length 4.
        Assert.Equal(20, n);
        Assert.Equal("82cb0004", TestHex.Of(buffer.AsSpan(0, 4)));
        Assert.True(RtcpBye.TryParse(buffer.AsSpan(0, n), out var bye));
        Assert.Equal(2, bye.SsrcCount);
        Assert.Equal(6u, bye.GetSsrc(1));
        Assert.Equal("left"u8.ToArray(), bye.Reason.ToArray());
    }
}
