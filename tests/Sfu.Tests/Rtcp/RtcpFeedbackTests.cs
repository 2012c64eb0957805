using RedConnect.Sfu.Rtcp;

namespace RedConnect.Sfu.Tests.Rtcp;

public class RtcpFeedbackTests
{
    [Fact]
    public void Pli_has_the_rfc4585_layout()
    {
        var buffer = new byte[12];
        Assert.True(new RtcpPictureLossIndication(0x01020304, 0x0A0B0C0D).TryWrite(buffer, out int n));
        // V=2, FMT=1, PT=206, length 2, sender SSRC, media SSRC (RFC 4585 §6.3.1, no FCI).
        Assert.Equal("81ce0002010203040a0b0c0d", TestHex.Of(buffer.AsSpan(0, n)));
        Assert.True(RtcpPictureLossIndication.TryParse(buffer, out var pli));
        Assert.Equal(0x0A0B0C0Du, pli.MediaSsrc);
        Assert.False(RtcpFullIntraRequest.TryParse(buffer, out _));
    }

    [Fact]
    public void Fir_has_the_rfc5104_layout()
    {
        var buffer = new byte[32];
        Assert.True(RtcpFullIntraRequest.TryWrite(buffer, 1, new[] { new RtcpFirEntry(0xAABBCCDD, 7) }, out int n));
        // FMT=4, PT=206, length 4; media SSRC 0; FCI: SSRC, seq nr 7, 24 reserved bits.
        Assert.Equal("84ce0004" + "00000001" + "00000000" + "aabbccdd" + "07000000", TestHex.Of(buffer.AsSpan(0, n)));
        Assert.True(RtcpFullIntraRequest.TryParse(buffer.AsSpan(0, n), out var fir));
        Assert.Equal(1, fir.Count);
        Assert.Equal(new RtcpFirEntry(0xAABBCCDD, 7), fir[0]);
    }

    [Fact]
    public void Nack_packs_losses_within_16_into_one_item()
    {
        var buffer = new byte[64];
        ushort[] lost = { 100, 101, 103, 116, 117, 200 };
        Assert.True(RtcpGenericNack.TryWrite(buffer, 1, 2, lost, out int n));
        // Item 1: PID 100, BLP bits 0 (101), 2 (103), 15 (116) = 0x8005. 117 is 17 away: item 2.
        Assert.Equal("81cd0005" + "00000001" + "00000002" + "00648005" + "00750000" + "00c80000", TestHex.Of(buffer.AsSpan(0, n)));
        Assert.True(RtcpGenericNack.TryParse(buffer.AsSpan(0, n), out var nack));
        Assert.Equal(3, nack.ItemCount);
        var expanded = new List<ushort>();
        foreach (ushort seq in nack.LostSequenceNumbers) expanded.Add(seq);
        Assert.Equal(lost, expanded);
    }

    [Fact]
    public void Nack_expansion_crosses_the_sequence_wrap()
    {
        // PID 65535, BLP 0x0003 → 65535, 0, 1.
        var packet = TestHex.Bytes("81cd0003 00000001 00000002 ffff0003");
        Assert.True(RtcpGenericNack.TryParse(packet, out var nack));
        var expanded = new List<ushort>();
        foreach (ushort seq in nack.LostSequenceNumbers) expanded.Add(seq);
        Assert.Equal(new ushort[] { 65535, 0, 1 }, expanded);

        var buffer = new byte[16];
        Assert.True(RtcpGenericNack.TryWrite(buffer, 1, 2, new ushort[] { 65535, 0, 1 }, out int n));
        Assert.Equal(packet, buffer.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Remb_parses_bytes_chrome_sent()
    {
        // Chrome REMB while receiving a 6 Mb/s stream (pion/rtcp receiver_estimated_maximum_bitrate_test.go):
        // exponent 6, mantissa 139487 → 8 927 168 bps, one SSRC 1215622422.
        byte[] chrome = { 143, 206, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 82, 69, 77, 66, 1, 26, 32, 223, 72, 116, 237, 22 };
        Assert.True(RtcpReceiverEstimatedMaxBitrate.TryParse(chrome, out var remb));
        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(8_927_168ul, remb.Bitrate);
        Assert.Equal(1, remb.SsrcCount);
        Assert.Equal(1215622422u, remb.GetSsrc(0));

        var buffer = new byte[32];
        Assert.True(RtcpReceiverEstimatedMaxBitrate.TryWrite(buffer, 1, 8_927_168, new uint[] { 1215622422 }, out int n));
        Assert.Equal(chrome, buffer.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Remb_rounds_bitrate_down_to_18_bit_mantissa()
    {
        var buffer = new byte[32];
        Assert.True(RtcpReceiverEstimatedMaxBitrate.TryWrite(buffer, 1, 1_000_001, ReadOnlySpan<uint>.Empty, out int n));
        Assert.True(RtcpReceiverEstimatedMaxBitrate.TryParse(buffer.AsSpan(0, n), out var remb));
        // 1 000 001 >> 2 = 250 000 fits 18 bits; 250 000 << 2 = 1 000 000.
        Assert.Equal(1_000_000ul, remb.Bitrate);
    }

    [Fact]
    public void Feedback_with_wrong_fmt_or_short_fci_is_not_taken_for_another_type()
    {
        var pli = TestHex.Bytes("81ce0002 00000001 00000002");
        Assert.False(RtcpGenericNack.TryParse(pli, out _));
        Assert.False(RtcpReceiverEstimatedMaxBitrate.TryParse(pli, out _));
        Assert.False(RtcpTransportFeedback.TryParse(pli, out _));
        // NACK with an empty FCI.
        Assert.False(RtcpGenericNack.TryParse(TestHex.Bytes("81cd0002 00000001 00000002"), out _));
    }
}
