using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Synthetic.Client;
using RedConnect.Synthetic.Opus;
using RedConnect.Synthetic.Publishing;
using RedConnect.Synthetic.Receiving;
using RedConnect.Synthetic.Tests.Vp8;

namespace RedConnect.Synthetic.Tests.Client;

/// <summary>Two synthetic participants in a room of the real SFU (node + routing + control API).</summary>
[Collection(ClipCollection.Name)]
public sealed class SyntheticParticipantTests(ClipFixture fixture)
{
    [Fact]
    public async Task Subscriber_receives_the_publishers_opus_and_vp8_through_the_sfu_without_loss_and_frames_intact()
    {
        await using var node = new SfuNode(new SfuNodeOptions { Port = 0, ReceiveLoops = 1, Certificate = DtlsCertificate.Shared });
        await node.StartAsync();
        byte[] secret = new byte[32];
        Random.Shared.NextBytes(secret);
        using var control = new SfuControl(secret, new SfuNodeTransportFactory(node));
        string token = RoomToken.Create(new RoomTokenClaims("synthetic-test", 4, DateTimeOffset.UtcNow.AddMinutes(5)), secret);
        var signaling = new SfuControlSignaling(control, token);
        var table = new SendTimeTable();

        await using var publisher = new SyntheticParticipant(signaling, new SyntheticParticipantOptions
        {
            Publish = new MediaPublisherOptions { Duration = TimeSpan.FromSeconds(1.5) },
            Subscribe = false,
            Video = fixture.Clip,
            Audio = OpusClip.Create(TimeSpan.FromSeconds(2), seed: 21),
            SendTimes = table,
        });
        await using var subscriber = new SyntheticParticipant(signaling, new SyntheticParticipantOptions { SendTimes = table });
        await publisher.JoinAsync();
        await subscriber.JoinAsync();
        if (subscriber.SubscriberConnection is null) await subscriber.RefreshSubscriptionsAsync();

        Assert.Equal(["audio", "video"], subscriber.SubscribedTracks.Select(t => t.Kind).Order());
        await publisher.PublishAsync();
        MediaPublisher sent = publisher.Publisher!;
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (subscriber.Receiver.Streams.Sum(s => s.Packets) < sent.AudioPacketsSent + sent.VideoPacketsSent && !wait.IsCancellationRequested)
                await Task.Delay(20);
        }

        ReceivedStream video = subscriber.Receiver.Streams.Single(s => s.Ssrc == subscriber.SubscribedTracks.Single(t => t.IsVideo).Ssrc);
        ReceivedStream audio = subscriber.Receiver.Streams.Single(s => s.Ssrc == subscriber.SubscribedTracks.Single(t => !t.IsVideo).Ssrc);
        Assert.Equal(sent.VideoPacketsSent, video.Packets);
        Assert.Equal(sent.AudioPacketsSent, audio.Packets);
        Assert.Equal(0, video.Lost + audio.Lost);
        Assert.Equal(sent.VideoFramesSent, video.FramesCompleted);
        Assert.True(video.KeyFramesCompleted >= 1);
        // The SFU asks for a key frame for its new subscriber (PLI), so the publisher skipped ahead in the
        // clip: the frame is some clip frame, byte for byte, not necessarily the n-th.
        Assert.True(publisher.Feedback!.PictureLossIndications + publisher.Feedback.FullIntraRequests >= 1);
        Assert.Contains(fixture.Clip.Frames, f => f.Data.AsSpan().SequenceEqual(video.LastFrame!.Data));
        Assert.Equal(video.Packets + audio.Packets, subscriber.Receiver.Latency.Count);
        Assert.NotEqual(sent.Options.VideoSsrc, video.Ssrc); // the SFU sends its own SSRC per consumer
    }
}
