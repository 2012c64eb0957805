using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Node;

/// <summary>
/// Real headless Chromium (Debian's, driven by Playwright) publishing fake camera and microphone to a real
/// <see cref="SfuNode"/> over 127.0.0.1: the browser offers (DTLS 1.3 first, as Chromium does), the SFU
/// answers ICE-lite with <see cref="SdpAnswerBuilder"/>, and SRTP from the browser must arrive decrypted.
/// </summary>
public sealed class ChromiumSmokeTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
    ];

    // Publishes camera and microphone; returns the offer after setLocalDescription.
    private const string OfferScript = """
        async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
          const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
          window.pc = pc;
          for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
          await pc.setLocalDescription(await pc.createOffer());
          return pc.localDescription.sdp;
        }
        """;

    // The DTLS transport's negotiated version and the SRTP cipher as Chromium reports them.
    private const string TransportStatsScript = """
        async () => {
          const stats = await window.pc.getStats();
          for (const report of stats.values()) {
            if (report.type === 'transport') return JSON.stringify({ tls: report.tlsVersion, srtp: report.srtpCipher, dtls: report.dtlsState });
          }
          return '{}';
        }
        """;

    [Fact]
    public async Task Chromium_publishes_to_the_sfu_over_dtls12_and_its_srtp_arrives_decrypted()
    {
        var counts = new ConcurrentDictionary<uint, int>();
        var listener = new CountingListener(counts);
        var log = new CollectingLoggerFactory();
        // The node generates its certificate as in production (Certificate = null): Chromium must accept it.
        await using var node = new SfuNode(new SfuNodeOptions { Port = 0, ReceiveLoops = 2 }, log);
        await node.StartAsync();
        WebRtcTransport transport = node.CreateTransport(listener);

        Environment.SetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH", PlaywrightDriverPath());
        Environment.SetEnvironmentVariable("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs, Timeout = 30_000,
        });
        IPage page = await browser.NewPageAsync();
        // navigator.mediaDevices needs a secure context: an http://127.0.0.1 origin, served by Playwright itself.
        await page.RouteAsync("http://127.0.0.1:9/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html", Body = "<!doctype html><title>sfu smoke</title>",
        }));
        await page.GotoAsync("http://127.0.0.1:9/");

        string offerText = await page.EvaluateAsync<string>(OfferScript);
        Assert.True(SdpParser.TryParse(offerText, out SessionDescription? offer, out SdpParseError? parseError), parseError?.ToString());
        MediaDescription first = offer!.Media[0];
        var fingerprints = offer.FingerprintsFor(first)
            .Select(value => DtlsFingerprint.TryParse(value, out DtlsFingerprint? fp, out _) ? fp! : throw new InvalidOperationException(value))
            .ToArray();
        transport.SetRemoteParameters(offer.IceUfragFor(first)!, offer.IcePwdFor(first)!, fingerprints);
        HashSet<uint> offeredSsrcs = offer.Media.SelectMany(m => m.Ssrcs).Select(s => s.Ssrc).ToHashSet();
        Assert.NotEmpty(offeredSsrcs);

        Assert.True(SdpAnswerBuilder.TryCreateAnswer(offer, new SdpAnswerOptions { Transport = transport.LocalParameters },
            out SessionDescription? answer, out string? answerError), answerError);
        await page.EvaluateAsync("sdp => window.pc.setRemoteDescription({ type: 'answer', sdp })", SdpWriter.Write(answer!));

        if (await Task.WhenAny(listener.Connected.Task, Task.Delay(TimeSpan.FromSeconds(20))) != listener.Connected.Task)
        {
            string state = await page.EvaluateAsync<string>("() => window.pc.iceConnectionState + '/' + window.pc.connectionState");
            Assert.Fail($"not connected: browser {state}; transport {transport.Stats}; node {node.Stats}; closed {listener.Closed}\n{log}\n{SdpWriter.Write(answer!)}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (offeredSsrcs.Sum(ssrc => counts.GetValueOrDefault(ssrc)) <= 100)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {counts.Values.Sum()} RTP packets arrived: {string.Join(", ", counts)}");
            await Task.Delay(100);
        }

        using JsonDocument stats = JsonDocument.Parse(await page.EvaluateAsync<string>(TransportStatsScript));
        Assert.Equal("FEFD", stats.RootElement.GetProperty("tls").GetString());   // DTLS 1.2 on the wire
        Assert.Equal("DTLS 1.2", transport.DtlsProtocolVersion);
        Assert.True(offeredSsrcs.Count(ssrc => counts.ContainsKey(ssrc)) >= 2, "both audio and video SSRCs should arrive");
        Assert.Equal(0, transport.Stats.SrtpAuthFailures);
        Assert.False(listener.Closed);
    }

    private static string PlaywrightDriverPath() =>
        typeof(ChromiumSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PlaywrightDriverPath").Value!;

    private sealed class CountingListener(ConcurrentDictionary<uint, int> counts) : IMediaTransportListener
    {
        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Closed { get; private set; }

        public void OnConnected(IMediaTransport transport) => Connected.TrySetResult();

        public void OnRtp(IMediaTransport transport, ReadOnlySpan<byte> rtp) =>
            counts.AddOrUpdate(BinaryPrimitives.ReadUInt32BigEndian(rtp[8..]), 1, (_, n) => n + 1);

        public void OnRtcp(IMediaTransport transport, ReadOnlySpan<byte> rtcp)
        {
        }

        public void OnClosed(IMediaTransport transport, TransportCloseReason reason) => Closed = true;
    }
}
