using RedConnect.Sfu.Routing;

namespace RedConnect.Sfu.Tests.Routing;

public class RtpStreamRewriterTests
{
    private const long Frequency = 1_000_000;

    [Fact]
    public void A_long_stream_is_forwarded_whole_across_many_sequence_number_wraps()
    {
        // 200 000 packets ≈ 1 h 50 min of 30 pps audio or 10 min of video: every one must go out, numbered without gaps.
        var rewriter = new RtpStreamRewriter(90_000, initialSequenceNumber: 40_000, initialTimestamp: 7);
        ushort source = 65_000;
        ushort? previous = null;
        for (var i = 0; i < 200_000; i++, source++)
        {
            Assert.True(rewriter.TryRewrite(0x1234, source, (uint)(i * 3000), i * 33_333L, Frequency, out var outSeq, out _), $"packet {i} dropped");
            if (previous is { } p) Assert.Equal((ushort)(p + 1), outSeq);
            previous = outSeq;
        }
    }

    [Fact]
    public void Nacks_map_back_to_the_source_long_after_the_stream_started()
    {
        var rewriter = new RtpStreamRewriter(90_000, 100, 0);
        ushort lastOut = 0;
        for (ushort seq = 0; seq < 50_000; seq++)
            Assert.True(rewriter.TryRewrite(1, seq, seq * 3000u, seq, Frequency, out lastOut, out _));

        Assert.True(rewriter.TryMapToSource((ushort)(lastOut - 10), out var source));
        Assert.Equal((ushort)(50_000 - 1 - 10), source);
        Assert.False(rewriter.TryMapToSource((ushort)(lastOut + 1), out _)); // not sent yet
    }

    [Fact]
    public void After_a_source_switch_a_late_packet_of_the_old_numbering_is_not_sent_but_reordering_after_it_is()
    {
        var rewriter = new RtpStreamRewriter(90_000, 1000, 0);
        for (ushort seq = 10; seq < 20; seq++) rewriter.TryRewrite(1, seq, seq * 3000u, seq, Frequency, out _, out _);

        // New source (camera replaced): continues at 1010.
        Assert.True(rewriter.TryRewrite(2, 500, 0, 100, Frequency, out var first, out _));
        Assert.Equal(1010, first);
        Assert.True(rewriter.TryRewrite(2, 502, 6000, 101, Frequency, out var third, out _));
        Assert.Equal(1012, third);
        // Reordered packet of the new source after the switch point: sent.
        Assert.True(rewriter.TryRewrite(2, 501, 3000, 102, Frequency, out var second, out _));
        Assert.Equal(1011, second);
        // A packet of the new source from before its first one would reuse 1009: dropped.
        Assert.False(rewriter.TryRewrite(2, 499, 0, 103, Frequency, out _, out _));
    }
}
