using RedConnect.Sfu.Rtcp;

namespace RedConnect.Sfu.Tests.Rtcp;

public class RtcpTransportFeedbackTests
{
    // Chromium transport-cc feedback as captured and dissected by Wireshark
    // (olivermichel/webrtc-analysis test/include/data.h, twcc_pkt1): base seq 1, 9 packets, reference
    // time 6197520, one run-length chunk "9 × small delta", deltas 7, 3, 11, 14, 0, 1, 0, 2, 6 ms,
    // one padding byte with the P bit set.
    private static readonly byte[] Chromium = TestHex.Bytes(
        "af cd 00 07 00 00 00 01 dd 58 6e b6 00 01 00 09 5e 91 10 00 20 09 1c 0c 2c 38 00 04 00 08 18 01");

    [Fact]
    public void Parses_captured_chromium_feedback()
    {
        Assert.True(RtcpTransportFeedback.TryParse(Chromium, out var fb));
        Assert.Equal(1u, fb.SenderSsrc);
        Assert.Equal(0xdd586eb6u, fb.MediaSsrc);
        Assert.Equal(1, fb.BaseSequenceNumber);
        Assert.Equal(9, fb.PacketStatusCount);
        Assert.Equal(6197520, fb.ReferenceTime);
        Assert.Equal(0, fb.FeedbackPacketCount);
        var results = new List<TransportPacketResult>();
        foreach (var r in fb.Packets) results.Add(r);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (ushort)i), results.Select(r => r.SequenceNumber));
        Assert.All(results, r => Assert.True(r.Received));
        Assert.Equal(new[] { 7.0, 3, 11, 14, 0, 1, 0, 2, 6 }, results.Select(r => r.DeltaTicks * 0.25));
    }

    [Fact]
    public void Writer_reproduces_the_captured_chromium_bytes()
    {
        int[] ticks = { 0x1c, 0x0c, 0x2c, 0x38, 0x00, 0x04, 0x00, 0x08, 0x18 };
        var packets = ticks.Select((t, i) => new TransportPacketResult((ushort)(1 + i), true, t)).ToArray();
        var buffer = new byte[64];
        Assert.True(RtcpTransportFeedbackWriter.TryWrite(buffer, 1, 0xdd586eb6, 6197520, 0, packets, out int n));
        Assert.Equal(TestHex.Of(Chromium), TestHex.Of(buffer.AsSpan(0, n)));
    }

    [Fact]
    public void Mixed_statuses_use_vector_chunks_and_large_deltas()
    {
        // Hand-computed: base 65534 (wraps), statuses: recv(4), lost, recv(-8 → large), recv(300 → large),
        // lost, recv(1). A large delta forbids the 1-bit vector, so a 2-bit vector of 7 symbols:
        // 1,0,2,2,0,1 + one empty slot = 11 01 00 10 10 00 01 00 → 0xD2 0x84.
        // Deltas: 04 | ff f8 | 01 2c | 01. Reference time −1 → ff ff ff.
        var packets = new[]
        {
            new TransportPacketResult(65534, true, 4),
            new TransportPacketResult(65535, false, 0),
            new TransportPacketResult(0, true, -8),
            new TransportPacketResult(1, true, 300),
            new TransportPacketResult(2, false, 0),
            new TransportPacketResult(3, true, 1),
        };
        var buffer = new byte[64];
        Assert.True(RtcpTransportFeedbackWriter.TryWrite(buffer, 7, 8, -1, 3, packets, out int n));
        // 12 + 8 + 2 chunk + 6 delta bytes = 28, no padding.
        Assert.Equal(28, n);
        Assert.Equal("8fcd0006" + "00000007" + "00000008" + "fffe0006" + "ffffff03" + "d284" + "04fff8012c01", TestHex.Of(buffer.AsSpan(0, n)));
        Assert.True(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, n), out var fb));
        Assert.Equal(-1, fb.ReferenceTime);
        var back = new List<TransportPacketResult>();
        foreach (var r in fb.Packets) back.Add(r);
        Assert.Equal(packets, back);
    }

    [Fact]
    public void One_bit_vector_and_run_length_chunks_round_trip()
    {
        // 3 received, 2 lost, 3 received, 40 lost, 1 received: vector(14, 1-bit), then runs.
        var packets = new List<TransportPacketResult>();
        ushort seq = 1000;
        void Add(bool received, int count) { for (int i = 0; i < count; i++) packets.Add(new(seq++, received, received ? 2 : 0)); }
        Add(true, 3); Add(false, 2); Add(true, 3); Add(false, 40); Add(true, 1);
        var buffer = new byte[128];
        Assert.True(RtcpTransportFeedbackWriter.TryWrite(buffer, 1, 2, 100, 0, packets.ToArray(), out int n));
        // First chunk: T=1, S=0 (1-bit vector), then 14 symbols 1,1,1,0,0,1,1,1,0,0,0,0,0,0
        // → 10 11100111000000 → 0xB9C0. The remaining 34 lost and 1 received become run-length chunks.
        Assert.Equal("b9c0", TestHex.Of(buffer.AsSpan(20, 2)));
        Assert.True(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, n), out var fb));
        var back = new List<TransportPacketResult>();
        foreach (var r in fb.Packets) back.Add(r);
        Assert.Equal(packets, back);
    }

    [Fact]
    public void Statuses_whose_deltas_run_past_the_packet_are_rejected()
    {
        // Claims 9 small-delta packets but carries only 3 delta bytes.
        var bad = TestHex.Bytes("8fcd0005 00000001 00000002 00010009 00000000 20091c0c 2c000000");
        Assert.False(RtcpTransportFeedback.TryParse(bad, out _));
    }

    [Fact]
    public void Random_bytes_never_throw_and_parsed_packets_enumerate_fully()
    {
        var random = new Random(7);
        var buffer = new byte[60];
        for (int i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = 0x8F;
            buffer[1] = RtcpPacketType.TransportFeedback;
            buffer[2] = 0;
            buffer[3] = (byte)random.Next(2, 15);
            if (RtcpTransportFeedback.TryParse(buffer, out var fb))
            {
                int count = 0;
                foreach (var _ in fb.Packets) count++;
                Assert.Equal(fb.PacketStatusCount, count);
            }
        }
    }
}
