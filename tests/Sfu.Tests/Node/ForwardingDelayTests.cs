using RedConnect.Sfu.Node;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>
/// <see cref="SfuNodeOptions.MeasureForwardingDelay"/>: the kernel's arrival stamp of each media datagram that made
/// the node send, against the end of the sendmmsg that sent the last of it, summarised in <see cref="NodeStats.ForwardingDelay"/>.
/// </summary>
public sealed class ForwardingDelayTests
{
    private static readonly TimeSpan Wait = NodeHarness.Wait;

    [Fact]
    public async Task Forwarded_media_is_measured_from_kernel_arrival_and_other_traffic_is_not()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo: true, configure: o => o.MeasureForwardingDelay = true);
        Assert.True(harness.Node.UsesBatchedIo, "Linux with recvmmsg is where this is measured");
        var listener = new RecordingListener { OnRtpHook = (t, packet) => t.SendRtp(packet) };
        var (_, _, peer) = await harness.ConnectAsync(listener: listener);
        Assert.Equal(0, harness.Node.Stats.ForwardingDelay!.Value.Samples); // ICE and DTLS are not media

        const int Packets = 50;
        for (int i = 0; i < Packets; i++)
        {
            peer.SendRtp(TestPackets.Rtp(0xDE1A, (ushort)(500 + i), payloadLength: 200));
            await TestPeer.ReadAsync(listener.Rtp, Wait);
        }

        await TestPeer.ReadAsync(peer.Rtp, Wait); // the forwarded copies come back to the peer
        // A delay is recorded right after its sendmmsg returns, which may be after the peer already has the packet.
        DelaySummary delay = harness.Node.Stats.ForwardingDelay!.Value;
        for (int i = 0; i < 100 && delay.Samples < Packets; i++)
        {
            await Task.Delay(20);
            delay = harness.Node.Stats.ForwardingDelay!.Value;
        }

        Assert.Equal(Packets, delay.Samples);
        Assert.InRange(delay.P50Microseconds, 1, 100_000); // a real, small delay: not zero, not a clock mix-up
        Assert.InRange(delay.P99Microseconds, delay.P50Microseconds, 1_000_000);
        Assert.InRange(delay.MaxMicroseconds, delay.P99Microseconds, 1_000_000);
    }

    [Fact]
    public async Task Media_that_causes_no_send_is_not_counted()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo: true, configure: o => o.MeasureForwardingDelay = true);
        var (_, listener, peer) = await harness.ConnectAsync(); // takes the RTP, sends nothing back

        for (int i = 0; i < 20; i++)
        {
            peer.SendRtp(TestPackets.Rtp(0xDE1B, (ushort)(700 + i), payloadLength: 100));
            await TestPeer.ReadAsync(listener.Rtp, Wait);
        }

        Assert.Equal(0, harness.Node.Stats.ForwardingDelay!.Value.Samples);
    }

    [Fact]
    public async Task Without_the_option_nothing_is_measured()
    {
        await using NodeHarness harness = await NodeHarness.StartAsync(batchedIo: true);

        Assert.Null(harness.Node.Stats.ForwardingDelay);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 4)]
    [InlineData(3, 6)]
    [InlineData(1000, 9 * 4 + 3)] // 512 ≤ 1000 < 1024: octave 9, last quarter (896–1023)
    [InlineData(long.MaxValue, 26 * 4 - 1)]
    public void Delays_land_in_log_scale_buckets(long microseconds, int bucket)
    {
        Assert.Equal(bucket, DelayHistogram.BucketOf(microseconds));
        Assert.True(microseconds > 1L << 26 || microseconds <= DelayHistogram.UpperEdge(bucket));
    }

    [Fact]
    public void Percentiles_are_upper_bucket_edges_within_a_fifth_and_never_above_the_maximum()
    {
        var histogram = new DelayHistogram();
        for (int i = 1; i <= 1000; i++) histogram.Record(i); // 1 … 1000 µs
        histogram.Record(-5); // a clock step backwards counts as 0

        DelaySummary summary = histogram.Summarize();

        Assert.Equal(1001, summary.Samples);
        Assert.InRange(summary.P50Microseconds, 500, 600);
        Assert.InRange(summary.P99Microseconds, 990, 1000);
        Assert.Equal(1000, summary.MaxMicroseconds);
        Assert.Equal(new DelaySummary(0, 0, 0, 0), new DelayHistogram().Summarize());
    }
}
