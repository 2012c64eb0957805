// rc-sfu-load: N synthetic publishers × M synthetic subscribers through an in-process SFU node on
// loopback. Publishers send real Opus (Concentus) and a real VP8 clip (ffmpeg/libvpx); subscribers
// count, reassemble and time what the SFU forwards. Reports forwarded packets/s, loss, added latency
// (p50/p99), the SFU receive loops' CPU seconds and the process RSS.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.SfuLoad;
using RedConnect.Synthetic.Client;
using RedConnect.Synthetic.Opus;
using RedConnect.Synthetic.Publishing;
using RedConnect.Synthetic.Receiving;
using RedConnect.Synthetic.Vp8;

if (!LoadOptions.TryParse(args, out LoadOptions options, out List<string> errors))
{
    foreach (string error in errors) Console.Error.WriteLine($"rc-sfu-load: error: {error}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 1;
}

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"command: rc-sfu-load {string.Join(' ', args)}");
if (options.BlastRate > 0)
{
    return await BlastRun.RunAsync(options);
}

Console.WriteLine($"preparing media: VP8 clip ({Vp8Clip.DefaultCacheDirectory}), {options.Publishers} Opus loops ...");
Vp8Clip clip = await Vp8Clip.LoadAsync();
OpusClip[] audio = Enumerable.Range(0, options.Publishers).AsParallel()
    .Select(i => OpusClip.Create(TimeSpan.FromSeconds(4), seed: 1000 + i, frequency: 300 + 20 * i)).ToArray();
var sendTimes = new SendTimeTable(TimeSpan.FromSeconds(2));

using ILoggerFactory? loggerFactory = options.Log ? LoggerFactory.Create(b => b.AddProvider(new StderrLoggerProvider()).SetMinimumLevel(LogLevel.Information)) : null;
await using var node = new SfuNode(new SfuNodeOptions { Port = 0, ReceiveLoops = options.ReceiveLoops, Certificate = DtlsCertificate.Shared, MeasureForwardingDelay = true }, loggerFactory);
await node.StartAsync();
byte[] secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
using var control = new SfuControl(secret, new SfuNodeTransportFactory(node));
string token = RoomToken.Create(new RoomTokenClaims("load", options.Publishers + options.Subscribers, DateTimeOffset.UtcNow.AddHours(1)), secret);
var signaling = new SfuControlSignaling(control, token);
await control.CreateRoomAsync(token);

var publishers = new List<SyntheticParticipant>();
var subscribers = new List<SyntheticParticipant>();
var setup = Stopwatch.StartNew();
try
{
    DtlsCertificate certificate = DtlsCertificate.Generate();
    int pictureIdStride = 32768 / options.Publishers;
    for (int i = 0; i < options.Publishers; i++)
    {
        var participant = new SyntheticParticipant(signaling, new SyntheticParticipantOptions
        {
            Publish = new MediaPublisherOptions
            {
                SendAudio = options.Audio,
                SendVideo = options.Video,
                Duration = options.Duration,
                FirstPictureId = i * pictureIdStride,
            },
            Subscribe = false,
            Video = clip,
            Audio = audio[i],
            SendTimes = sendTimes,
            Certificate = certificate,
        });
        publishers.Add(participant);
        await participant.JoinAsync();
    }

    for (int i = 0; i < options.Subscribers; i++)
    {
        var participant = new SyntheticParticipant(signaling, new SyntheticParticipantOptions { SendTimes = sendTimes, Certificate = certificate });
        subscribers.Add(participant);
        await participant.JoinAsync();
        if (participant.SubscriberConnection is null) await participant.RefreshSubscriptionsAsync();
    }

    int expectedTracks = options.Publishers * ((options.Audio ? 1 : 0) + (options.Video ? 1 : 0));
    foreach (SyntheticParticipant subscriber in subscribers)
    {
        if (subscriber.SubscribedTracks.Count != expectedTracks)
            Console.Error.WriteLine($"rc-sfu-load: warning: a subscriber was offered {subscriber.SubscribedTracks.Count} tracks, expected {expectedTracks}");
    }

    Console.WriteLine($"set-up: {options.Publishers + options.Subscribers} participants, {publishers.Count + subscribers.Count(s => s.SubscriberConnection is not null)} connections in {setup.Elapsed.TotalSeconds:0.00} s");

    // Optional: the SFU's receive loops on their own core, every thread created so far (clients, JIT) on the other.
    int pinned = options.SfuCore >= 0 ? Affinity.Pin("sfu-rx", options.SfuCore, options.ClientCore) : 0;
    if (pinned > 0) Console.WriteLine($"pinned {pinned} threads: sfu-rx → core {options.SfuCore}, the rest → core {options.ClientCore}");

    // --- the measured window ------------------------------------------------------------------------
    node.ResetForwardingDelay(); // ICE/DTLS set-up is not forwarding
    TimeSpan sfuCpuBefore = ThreadCpu.Total("sfu-rx");
    TimeSpan processCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var window = Stopwatch.StartNew();
    await Task.WhenAll(publishers.Select(p => Task.Run(() => p.PublishAsync())));
    TimeSpan sendWindow = window.Elapsed;
    await Task.Delay(500); // let the last packets drain
    TimeSpan sfuCpu = ThreadCpu.Total("sfu-rx") - sfuCpuBefore;
    TimeSpan processCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpuBefore;
    long rss = ThreadCpu.ResidentBytes();

    long sent = publishers.Sum(p => p.Publisher!.AudioPacketsSent + p.Publisher.VideoPacketsSent);
    long expectedForwarded = sent * options.Subscribers;
    IEnumerable<ReceivedStream> streams = subscribers.SelectMany(s => s.Receiver.Streams).ToList();
    long received = streams.Sum(s => s.Packets);
    long gapLoss = streams.Sum(s => s.Lost);
    long framesSent = publishers.Sum(p => p.Publisher!.VideoFramesSent);
    long framesReceived = streams.Sum(s => s.FramesCompleted);
    LatencySummary latency = LatencyRecorder.Summarize(subscribers.Select(s => s.Receiver.Latency));
    RoomStats room = await control.GetRoomStatsAsync(token);

    double seconds = sendWindow.TotalSeconds;
    var report = new StringBuilder();
    report.AppendLine();
    report.AppendLine($"| metric | value |");
    report.AppendLine($"| --- | --- |");
    report.AppendLine($"| publishers × subscribers | {options.Publishers} × {options.Subscribers} (audio {(options.Audio ? "on" : "off")}, video {(options.Video ? "on" : "off")}) |");
    report.AppendLine($"| send window | {seconds:0.00} s |");
    report.AppendLine($"| packets sent by publishers | {sent} ({sent / seconds:0} /s) |");
    report.AppendLine($"| packets forwarded (SFU count) | {room.PacketsForwarded} ({room.PacketsForwarded / seconds:0} /s) |");
    report.AppendLine($"| packets received by subscribers | {received} of {expectedForwarded} expected ({received / seconds:0} /s) |");
    report.AppendLine($"| loss (not delivered) | {Percent(expectedForwarded - received, expectedForwarded)} |");
    report.AppendLine($"| loss (sequence gaps, RFC 3550 A.3) | {Percent(gapLoss, gapLoss + received)} |");
    report.AppendLine($"| VP8 frames reassembled | {framesReceived} of {framesSent * options.Subscribers} |");
    report.AppendLine($"| added latency p50 / p99 / max (publisher send → subscriber receive, clients included) | {latency.P50Microseconds} / {latency.P99Microseconds} / {latency.MaxMicroseconds} µs ({latency.Samples} samples) |");
    if (node.Stats.ForwardingDelay is { } sfuDelay)
        report.AppendLine($"| SFU forwarding delay p50 / p99 / max (kernel arrival → sendmmsg done) | {sfuDelay.P50Microseconds} / {sfuDelay.P99Microseconds} / {sfuDelay.MaxMicroseconds} µs ({sfuDelay.Samples} datagrams) |");
    report.AppendLine($"| SFU CPU (sfu-rx threads) | {sfuCpu.TotalSeconds:0.00} s = {100 * sfuCpu.TotalSeconds / seconds:0} % of one core; {(room.PacketsForwarded > 0 ? sfuCpu.TotalMicroseconds / (room.PacketsReceived + room.PacketsForwarded) : 0):0.0} µs per packet in+out |");
    report.AppendLine($"| process CPU (SFU + clients) | {processCpu.TotalSeconds:0.00} s |");
    report.AppendLine($"| process RSS (SFU + clients) | {rss / (1024.0 * 1024):0} MiB |");
    report.AppendLine($"| SFU room stats | received {room.PacketsReceived}, drops {room.Drops}, PLIs sent {room.PlisSent}, SRTP failures {room.SrtpFailures} |");
    report.AppendLine($"| SFU node | {node.Stats} |");
    Console.WriteLine(report.ToString());
    return received > 0 ? 0 : 2;
}
finally
{
    foreach (SyntheticParticipant participant in publishers.Concat(subscribers)) await participant.DisposeAsync();
}

static string Percent(long part, long whole) => whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.000} % ({part})");
