using RedConnect.Sfu.Rtp;

namespace RedConnect.Sfu.Tests.Rtp;

public class RtpPacketTests
{
    // Chromium RTP header with three one-byte extensions, as captured and dissected by Wireshark
    // (olivermichel/webrtc-analysis test/include/data.h, rtp_pkt1): PT 45, seq 6751, ts 3557360969,
    // SSRC 0xf7b16e83; ext 2 = f34350 (abs-send-time), ext 4 = 009b (transport-cc), ext 13 = 810045.
    private static readonly byte[] ChromiumOneByte = TestHex.Bytes(
        "90 2d 1a 5f d4 09 05 49 f7 b1 6e 83 be de 00 03 22 f3 43 50 41 00 9b d2 81 00 45 00");

    // Same source, rtp_pkt3: two-byte form (profile 0x1000), seven elements, one 33 bytes long.
    private static readonly byte[] ChromiumTwoByte = TestHex.Bytes(
        "90 2d 61 c5 95 0a 0f ee 8d 38 14 e5 10 00 00 11" +
        "02 03 03 f7 ae 04 02 00 02 09 01 30 03 01 00 06 01 02" +
        "07 0d 01 00 01 00 07 00 07 00 0a 00 00 00 00" +
        "0d 21 c0 00 01 80 03 18 7a aa f1 30 a0 a0 14 d1 41 38 23 04 60 08 64 22 22 26 50 09 f0 07 70 13 f0 0e f0");

    [Fact]
    public void Parses_captured_chromium_header_fields()
    {
        Assert.True(RtpPacket.TryParse(ChromiumOneByte, out var packet));
        var h = packet.Header;
        Assert.Equal(2, h.Version);
        Assert.False(h.Marker);
        Assert.Equal(45, h.PayloadType);
        Assert.Equal(6751, h.SequenceNumber);
        Assert.Equal(3557360969u, h.Timestamp);
        Assert.Equal(0xf7b16e83u, h.Ssrc);
        Assert.Equal(0xBEDE, h.ExtensionProfile);
        Assert.Equal(28, h.HeaderLength);
        Assert.Equal(0, packet.Payload.Length);
    }

    [Fact]
    public void Enumerates_one_byte_extensions_of_captured_packet_by_id()
    {
        Assert.True(RtpPacket.TryParse(ChromiumOneByte, out var packet));
        var seen = new List<string>();
        foreach (var e in packet.Extensions) seen.Add($"{e.Id}:{TestHex.Of(e.Value)}");
        Assert.Equal(new[] { "2:f34350", "4:009b", "13:810045" }, seen);
    }

    [Fact]
    public void Enumerates_two_byte_extensions_of_captured_packet_by_id()
    {
        Assert.True(RtpPacket.TryParse(ChromiumTwoByte, out var packet));
        Assert.Equal(0x1000, packet.Header.ExtensionProfile);
        var seen = new List<(int Id, int Length)>();
        foreach (var e in packet.Extensions) seen.Add((e.Id, e.Value.Length));
        Assert.Equal(new[] { (2, 3), (4, 2), (9, 1), (3, 1), (6, 1), (7, 13), (13, 33) }, seen);
        Assert.True(packet.TryGetExtension(4, out var tcc));
        Assert.Equal("0002", TestHex.Of(tcc));
    }

    [Fact]
    public void Rewrites_transport_cc_sequence_and_abs_send_time_in_place()
    {
        var buffer = (byte[])ChromiumOneByte.Clone();
        Assert.True(RtpHeaderWriter.TryWriteTransportSequenceNumber(buffer, 4, 0x1234));
        Assert.True(RtpHeaderWriter.TryWriteAbsSendTime(buffer, 2, 0xABCDEF));
        Assert.True(RtpPacket.TryParse(buffer, out var packet));
        Assert.True(packet.TryGetExtension(4, out var tcc));
        Assert.Equal("1234", TestHex.Of(tcc));
        Assert.True(packet.TryGetExtension(2, out var ast));
        Assert.Equal("abcdef", TestHex.Of(ast));
        Assert.True(packet.TryGetExtension(13, out var other));
        Assert.Equal("810045", TestHex.Of(other)); // neighbours untouched
    }

    [Fact]
    public void Extension_write_fails_for_missing_id_or_other_length()
    {
        var buffer = (byte[])ChromiumOneByte.Clone();
        Assert.False(RtpHeaderWriter.TryWriteExtension(buffer, 5, new byte[] { 1, 2 }));
        Assert.False(RtpHeaderWriter.TryWriteExtension(buffer, 4, new byte[] { 1, 2, 3 }));
        Assert.Equal(ChromiumOneByte, buffer);
    }

    [Fact]
    public void Rewrites_ssrc_sequence_timestamp_and_payload_type_keeping_marker()
    {
        var buffer = new byte[64];
        Assert.True(RtpPacketWriter.TryWrite(buffer, 96, true, 1, 2, 3, ReadOnlySpan<uint>.Empty, ReadOnlySpan<byte>.Empty, new byte[] { 9, 8, 7 }, out int n));
        RtpHeaderWriter.SetSsrc(buffer, 0xCAFEBABE);
        RtpHeaderWriter.SetSequenceNumber(buffer, 65535);
        RtpHeaderWriter.SetTimestamp(buffer, 0xFFFFFFFF);
        RtpHeaderWriter.SetPayloadType(buffer, 111);
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, n), out var p));
        Assert.Equal(0xCAFEBABEu, p.Header.Ssrc);
        Assert.Equal(65535, p.Header.SequenceNumber);
        Assert.Equal(0xFFFFFFFFu, p.Header.Timestamp);
        Assert.Equal(111, p.Header.PayloadType);
        Assert.True(p.Header.Marker);
        Assert.Equal(new byte[] { 9, 8, 7 }, p.Payload.ToArray());
        RtpHeaderWriter.SetMarker(buffer, false);
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, n), out p));
        Assert.False(p.Header.Marker);
        Assert.Equal(111, p.Header.PayloadType);
    }

    [Fact]
    public void Written_packet_with_csrcs_extensions_round_trips()
    {
        Span<byte> ext = stackalloc byte[16];
        Assert.True(RtpPacketWriter.TryWriteOneByteElement(ext, 1, "a"u8, out int a));
        Assert.True(RtpPacketWriter.TryWriteOneByteElement(ext.Slice(a), 3, new byte[] { 0x80 }, out int b));
        var buffer = new byte[100];
        Assert.True(RtpPacketWriter.TryWrite(buffer, 111, false, 40000, 960, 0x11223344, new uint[] { 7, 8 }, ext.Slice(0, a + b), new byte[] { 1, 2, 3, 4, 5 }, out int n));
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, n), out var p));
        Assert.Equal(2, p.Header.CsrcCount);
        Assert.Equal(7u, p.GetCsrc(0));
        Assert.Equal(8u, p.GetCsrc(1));
        Assert.True(p.TryGetExtension(1, out var mid));
        Assert.Equal("a"u8.ToArray(), mid.ToArray());
        Assert.True(p.TryGetExtension(3, out var level));
        Assert.Equal(0x80, level[0]);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, p.Payload.ToArray());
    }

    [Fact]
    public void Padding_is_removed_from_payload()
    {
        // RFC 3550 §5.1: P bit set, last octet = number of padding octets including itself.
        var packet = TestHex.Bytes("a0 60 00 01 00 00 00 02 00 00 00 03 aa bb cc 00 00 03");
        Assert.True(RtpPacket.TryParse(packet, out var p));
        Assert.Equal(3, p.Header.PaddingLength);
        Assert.Equal("aabbcc", TestHex.Of(p.Payload));
    }

    [Theory]
    [InlineData("90 60 00 01 00 00 00 02 00 00 00 03 be de 00 02 10 aa")]          // extension longer than packet
    [InlineData("80 60 00 01 00 00 00 02 00 00 00")]                                // shorter than fixed header
    [InlineData("40 60 00 01 00 00 00 02 00 00 00 03")]                             // version 1
    [InlineData("82 60 00 01 00 00 00 02 00 00 00 03 00 00 00 01")]                 // CSRC count 2, one present
    [InlineData("a0 60 00 01 00 00 00 02 00 00 00 03 aa 09")]                       // padding count past header
    [InlineData("a0 60 00 01 00 00 00 02 00 00 00 03 aa 00")]                       // padding count 0
    public void Malformed_headers_are_rejected(string hex)
    {
        Assert.False(RtpPacket.TryParse(TestHex.Bytes(hex), out _));
    }

    [Fact]
    public void Every_truncation_and_random_input_parses_or_fails_without_throwing()
    {
        for (int n = 0; n <= ChromiumTwoByte.Length; n++)
        {
            if (RtpPacket.TryParse(ChromiumTwoByte.AsSpan(0, n), out var p))
                foreach (var e in p.Extensions) Assert.True(e.Offset + e.Value.Length <= n);
        }
        var random = new Random(1);
        var buffer = new byte[80];
        for (int i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            if (RtpPacket.TryParse(buffer.AsSpan(0, random.Next(buffer.Length)), out var p))
                foreach (var e in p.Extensions) Assert.InRange(e.Value.Length, 0, 255);
        }
    }

    [Fact]
    public void Reserved_one_byte_id_15_stops_enumeration()
    {
        // RFC 8285 §4.2: id 15 means "stop processing"; the element after it is not reported.
        var packet = TestHex.Bytes("90 60 00 01 00 00 00 02 00 00 00 03 be de 00 01 10 aa f0 20");
        Assert.True(RtpPacket.TryParse(packet, out var p));
        var ids = new List<int>();
        foreach (var e in p.Extensions) ids.Add(e.Id);
        Assert.Equal(new[] { 1 }, ids);
    }
}
