using RedConnect.Sfu.Rtcp;
using RedConnect.Sfu.Rtp;
using RedConnect.Synthetic.Opus;
using RedConnect.Synthetic.Publishing;
using RedConnect.Synthetic.Receiving;
using RedConnect.Synthetic.Tests.Vp8;
using RedConnect.Synthetic.Vp8;

namespace RedConnect.Synthetic.Tests.Publishing;

[Collection(ClipCollection.Name)]
public sealed class MediaPublisherTests(ClipFixture fixture)
{
    private static readonly OpusClip Audio = OpusClip.Create(TimeSpan.FromSeconds(1), seed: 4);

    [Fact]
    public async Task One_second_of_publishing_sends_50_opus_packets_and_30_vp8_frames_with_rtp_clocks()
    {
        var sink = new RecordingSink();
        var table = new SendTimeTable();
        var publisher = new MediaPublisher(new MediaPublisherOptions { Duration = TimeSpan.FromSeconds(1), AudioSsrc = 10, VideoSsrc = 20 }, fixture.Clip, Audio, table);

        await publisher.RunAsync(sink);

        var audio = sink.Packets.Where(p => Header(p).Ssrc == 10).Select(Header).ToList();
        var video = sink.Packets.Where(p => Header(p).Ssrc == 20).ToList();
        Assert.InRange(audio.Count, 45, 51);
        Assert.InRange(publisher.VideoFramesSent, 27, 31);
        Assert.All(audio.Zip(audio.Skip(1)), pair =>
        {
            Assert.Equal((ushort)(pair.First.SequenceNumber + 1), pair.Second.SequenceNumber);
            Assert.Equal(pair.First.Timestamp + 960, pair.Second.Timestamp);
            Assert.Equal(111, pair.Second.PayloadType);
        });
        Assert.All(video, p => Assert.InRange(p.Length + 16, 1, 1200));

        // Every frame reassembles to the clip's bytes; its timestamps step by 90 000 / 30.
        var depacketizer = new Vp8Depacketizer();
        List<Vp8Frame> frames = video.Select(p => depacketizer.Push(p)).OfType<Vp8Frame>().ToList();
        Assert.Equal(publisher.VideoFramesSent, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(fixture.Clip.Frames[i].Data, frames[i].Data);
            Assert.Equal(frames[0].RtpTimestamp + (uint)(3000 * i), frames[i].RtpTimestamp);
        }

        // The mid extension (RFC 8843 §15) binds each packet to its section.
        Assert.True(RtpPacket.TryParse(video[0], out RtpPacket first) && first.TryGetExtension(1, out ReadOnlySpan<byte> mid) && mid.SequenceEqual("1"u8));
        Assert.All(sink.Packets, p => Assert.True(table.TryGetSendTime(Payload(p), out _)));
    }

    [Fact]
    public async Task Picture_loss_indication_makes_the_next_frame_a_key_frame()
    {
        var sink = new RecordingSink();
        var options = new MediaPublisherOptions { SendAudio = false, VideoSsrc = 77, MaxPackets = 40, Duration = TimeSpan.FromSeconds(5) };
        var publisher = new MediaPublisher(options, fixture.Clip, null);
        var feedback = new PublisherFeedback(publisher);
        sink.AfterPacket = count =>
        {
            if (count == 10)
            {
                byte[] pli = new byte[RtcpPictureLossIndication.Length];
                Assert.True(new RtcpPictureLossIndication(1, 77).TryWrite(pli, out _));
                feedback.OnRtcp(pli);
            }
        };

        await publisher.RunAsync(sink);

        var depacketizer = new Vp8Depacketizer();
        List<Vp8Frame> frames = sink.Packets.Select(p => depacketizer.Push(p)).OfType<Vp8Frame>().ToList();
        Assert.Equal(1, feedback.PictureLossIndications);
        Assert.True(frames[0].IsKeyFrame);
        int afterRequest = frames.FindIndex(1, f => f.IsKeyFrame);
        Assert.InRange(afterRequest, 1, 12); // the clip's own next key frame would be frame 60
        Assert.Equal(fixture.Clip.Frames[60].Data, frames[afterRequest].Data);
        Assert.Equal(40, sink.Packets.Count);
    }

    private static RtpHeader Header(byte[] packet) => RtpHeader.TryParse(packet, out RtpHeader header) ? header : throw new Xunit.Sdk.XunitException("not RTP");

    private static byte[] Payload(byte[] packet) => Header(packet).GetPayload(packet).ToArray();

    private sealed class RecordingSink : IRtpPacketSink
    {
        public List<byte[]> Packets { get; } = [];

        public Action<int>? AfterPacket { get; set; }

        public bool SendRtp(Span<byte> buffer, int length)
        {
            Packets.Add(buffer.Slice(0, length).ToArray());
            AfterPacket?.Invoke(Packets.Count);
            return true;
        }
    }
}
