using System.Net;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Synthetic.Client;
using RedConnect.Synthetic.Opus;
using RedConnect.Synthetic.Publishing;
using RedConnect.Synthetic.Receiving;
using RedConnect.Synthetic.Tests.Vp8;
using RedConnect.Synthetic.Vp8;

namespace RedConnect.Synthetic.Tests.Client;

/// <summary>Our client against the SFU's real node: ICE-lite, DTLS server, SRTP — over loopback UDP.</summary>
[Collection(ClipCollection.Name)]
public sealed class SyntheticConnectionTests(ClipFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Client_connects_to_an_sfu_transport_and_media_round_trips_intact_with_latency_measured()
    {
        await using var node = new SfuNode(new SfuNodeOptions { Port = 0, ReceiveLoops = 1, Certificate = DtlsCertificate.Shared });
        await node.StartAsync();
        var echo = new EchoListener();
        WebRtcTransport transport = node.CreateTransport(echo);
        var table = new SendTimeTable();
        var receiver = new MediaReceiver(table);
        using var client = new SyntheticConnection { Receiver = receiver };
        transport.SetRemoteParameters(client.LocalIce.UsernameFragment, client.LocalIce.Password, [client.Local.Fingerprint]);
        var remote = new RemoteTransportDescription(transport.LocalIceUfrag, transport.LocalIcePwd, [transport.LocalFingerprint],
            new IPEndPoint(IPAddress.Loopback, node.Port));

        await client.ConnectAsync(remote, Wait);
        await echo.Connected.Task.WaitAsync(Wait);

        Assert.True(client.IsConnected);
        Assert.NotNull(client.Profile);
        var publisher = new MediaPublisher(
            new MediaPublisherOptions { Duration = TimeSpan.FromSeconds(1.2), AudioSsrc = 0xA0, VideoSsrc = 0xB0 },
            fixture.Clip, OpusClip.Create(TimeSpan.FromSeconds(2), seed: 3), table);
        await publisher.RunAsync(client);
        await WaitUntil(() => receiver.Streams.Sum(s => s.Packets) >= publisher.AudioPacketsSent + publisher.VideoPacketsSent);

        ReceivedStream video = receiver.Streams.Single(s => s.Ssrc == 0xB0);
        ReceivedStream audio = receiver.Streams.Single(s => s.Ssrc == 0xA0);
        Assert.Equal(publisher.VideoPacketsSent, video.Packets);
        Assert.Equal(publisher.AudioPacketsSent, audio.Packets);
        Assert.Equal(0, video.Lost + audio.Lost);
        Assert.Equal(publisher.VideoFramesSent, video.FramesCompleted);
        Assert.Equal(fixture.Clip.Frames[(int)publisher.VideoFramesSent - 1].Data, video.LastFrame!.Data);
        Assert.Equal(1, video.KeyFramesCompleted);
        Assert.Equal(0, client.SrtpFailures);
        Assert.Equal(video.Packets + audio.Packets, receiver.Latency.Count);
        LatencySummary latency = LatencyRecorder.Summarize([receiver.Latency]);
        Assert.InRange(latency.P50Microseconds, 1, 200_000);
        Assert.True(transport.Stats.RtpPacketsReceived >= video.Packets + audio.Packets);
    }

    [Fact]
    public async Task Ice_without_an_answer_times_out_with_a_clear_message()
    {
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new SyntheticConnection();
        var remote = new RemoteTransportDescription("ufrag", "passwordpasswordpassword", [DtlsCertificate.Shared.Fingerprint], (IPEndPoint)silent.LocalEndPoint!);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ConnectAsync(remote, TimeSpan.FromMilliseconds(400)));
        Assert.Contains("ICE", error.Message);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition() && !timeout.IsCancellationRequested) await Task.Delay(20);
    }

    /// <summary>Sends every packet back on the same transport: the SFU's node without routing.</summary>
    private sealed class EchoListener : IMediaTransportListener
    {
        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnConnected(IMediaTransport transport) => Connected.TrySetResult();

        public void OnRtp(IMediaTransport transport, ReadOnlySpan<byte> rtp) => transport.SendRtp(rtp);

        public void OnRtcp(IMediaTransport transport, ReadOnlySpan<byte> rtcp)
        {
        }

        public void OnClosed(IMediaTransport transport, TransportCloseReason reason)
        {
        }
    }
}
