using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Node;
using RedConnect.Sfu.Node.Control;
using RedConnect.Sfu.Routing;
using RedConnect.Sfu.Sdp;
using RedConnect.Synthetic.Client;

namespace RedConnect.SfuLoad;

/// <summary>
/// The lean throughput mode (--blast): one publisher sends synthetic VP8-typed RTP at a fixed packet rate
/// through a real ICE/DTLS/SRTP connection, M subscribers receive it through the SFU and only count
/// sequence gaps (recvmmsg batches, one packet in 64 SRTP-verified). No encoding, no depacketizing, no
/// latency work, so the client core has room and the SFU's receive loop is what is measured: forwarded
/// packets/s, loss, and the receive loop's CPU time per forwarded packet.
/// </summary>
public static class BlastRun
{
    /// <summary>Longest measured window: every loop of the bench is bounded.</summary>
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(LoadOptions options)
    {
        int subscribers = options.Subscribers;
        int publishers = options.Publishers;
        int publisherRate = Math.Max(1, options.BlastRate / (subscribers * publishers));
        TimeSpan duration = options.Duration < MaxDuration ? options.Duration : MaxDuration;
        TimeSpan warmup = options.Warmup;

        Console.WriteLine($"blast: {publishers} publisher(s) × {subscribers} subscribers, {publisherRate} pkt/s per publisher = {publisherRate * publishers * subscribers} pkt/s forwarded offered, payload {options.PayloadBytes} B, {duration.TotalSeconds:0.0} s after {warmup.TotalSeconds:0.0} s of warm-up, batched I/O {(options.BatchedIo ? "on" : "off")}, subscribers {(options.BlockingReceive ? "block in recvmmsg" : "poll every 1 ms")}");

        await using var node = new SfuNode(new SfuNodeOptions
        {
            Port = 0,
            ReceiveLoops = options.ReceiveLoops,
            Certificate = DtlsCertificate.Shared,
            BatchedIo = options.BatchedIo,
            MeasureForwardingDelay = true,
        });
        await node.StartAsync();
        byte[] secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var control = new SfuControl(secret, new SfuNodeTransportFactory(node));
        string token = RoomToken.Create(new RoomTokenClaims("blast", subscribers + publishers, DateTimeOffset.UtcNow.AddHours(1)), secret);
        var signaling = new SfuControlSignaling(control, token);
        await control.CreateRoomAsync(token);

        DtlsCertificate certificate = DtlsCertificate.Generate();
        var connections = new List<SyntheticConnection>();
        var counters = new List<GapCounter>();
        try
        {
            const uint FirstSsrc = 0x0B1A5700;
            var senders = new List<SyntheticConnection>();
            for (int p = 0; p < publishers; p++)
            {
                var publisher = new SyntheticConnection(certificate);
                connections.Add(publisher);
                senders.Add(publisher);
                uint ssrc = FirstSsrc + (uint)(2 * p);
                var tracks = new PublisherTracks(Audio: false, Video: true, AudioSsrc: ssrc + 1, VideoSsrc: ssrc);
                SfuJoinResult joined = await signaling.JoinAsync(SyntheticOfferBuilder.CreatePublisherOffer(publisher.Local, tracks), CancellationToken.None);
                await publisher.ConnectAsync(Remote(joined.PublisherAnswerSdp!));
            }

            for (int i = 0; i < subscribers; i++)
            {
                SfuJoinResult subscriber = await signaling.JoinAsync(null, CancellationToken.None);
                string offerSdp = subscriber.SubscriberOfferSdp
                    ?? await signaling.GetSubscriberOfferAsync(subscriber.ParticipantId, CancellationToken.None)
                    ?? throw new InvalidOperationException("no subscriber offer");
                SdpParser.TryParse(offerSdp, out SessionDescription? offer, out _);
                var counter = new GapCounter();
                var connection = new SyntheticConnection(certificate)
                {
                    Receiver = counter,
                    LeanReceive = true,
                    PollInterval = options.BlockingReceive ? null : TimeSpan.FromMilliseconds(1),
                };
                connections.Add(connection);
                counters.Add(counter);
                string answer = SyntheticAnswerBuilder.CreateSubscriberAnswer(offer!, connection.Local, out _);
                await signaling.SetSubscriberAnswerAsync(subscriber.ParticipantId, answer, CancellationToken.None);
                await connection.ConnectAsync(Remote(offerSdp));
            }

            // Everything but the SFU's receive loops on the client core (threads created so far; the
            // blaster below starts from a pinned thread and inherits it).
            int pinned = options.SfuCore >= 0 ? Affinity.Pin("sfu-rx", options.SfuCore, options.ClientCore) : 0;
            if (pinned > 0) Console.WriteLine($"pinned {pinned} threads: sfu-rx → core {options.SfuCore}, the rest → core {options.ClientCore}");

            // Warm-up at the same rate: the JIT's tier-1 code (compiled on the busy client core) and every
            // cache are in place before the measured window, which is what a long-running SFU looks like.
            long sequence = 0;
            if (warmup > TimeSpan.Zero)
            {
                var warming = new Thread(() => sequence = Blast(senders, FirstSsrc, publisherRate, options.PayloadBytes, warmup, 0)) { Name = "blast-tx" };
                warming.Start();
                warming.Join();
                await Task.Delay(1000);
            }

            await Task.Delay(300);
            long sent = 0;
            long receivedBefore = counters.Sum(c => c.Received);
            long gapsBefore = counters.Sum(c => c.Missing);
            TimeSpan sfuCpuBefore = ThreadCpu.Total("sfu-rx");
            TimeSpan processCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            node.ResetForwardingDelay();
            NodeStats before = node.Stats;
            var window = Stopwatch.StartNew();
            long firstSequence = sequence;
            var blaster = new Thread(() => sent = Blast(senders, FirstSsrc, publisherRate, options.PayloadBytes, duration, firstSequence) - firstSequence) { Name = "blast-tx" };
            blaster.Start();
            blaster.Join();
            sent *= publishers; // Blast counts rounds; every round sends one packet per publisher
            TimeSpan sendWindow = window.Elapsed;
            await Task.Delay(500); // drain
            TimeSpan sfuCpu = ThreadCpu.Total("sfu-rx") - sfuCpuBefore;
            TimeSpan processCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpuBefore;
            NodeStats after = node.Stats;

            long expected = sent * subscribers; // sent counts every publisher's packets
            long received = counters.Sum(c => c.Received) - receivedBefore;
            long gaps = counters.Sum(c => c.Missing) - gapsBefore;
            long srtpFailures = connections.Sum(c => c.SrtpFailures);
            long forwarded = after.PacketsSent - before.PacketsSent;
            double seconds = sendWindow.TotalSeconds;
            double lossPercent = expected == 0 ? 0 : 100.0 * (expected - received) / expected;
            double cpuPerMillion = forwarded == 0 ? 0 : sfuCpu.TotalSeconds / forwarded * 1e6;
            double utilisation = sfuCpu.TotalSeconds / seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT offered_fwd_per_s={publisherRate * publishers * subscribers} sent_in={sent} in_per_s={sent / seconds:0} fwd_per_s={received / seconds:0} sfu_sent={forwarded} loss_pct={lossPercent:0.000} gaps={gaps} srtp_failures={srtpFailures} sfu_cpu_s={sfuCpu.TotalSeconds:0.00} sfu_core_util_pct={100 * utilisation:0} sfu_cpu_s_per_1M_fwd={cpuPerMillion:0.00} est_fwd_per_core_s={(cpuPerMillion > 0 ? 1e6 / cpuPerMillion : 0):0} process_cpu_s={processCpu.TotalSeconds:0.00} node_dropped={after.Dropped - before.Dropped} batched={node.UsesBatchedIo} sfu_delay_p50_us={after.ForwardingDelay?.P50Microseconds} sfu_delay_p99_us={after.ForwardingDelay?.P99Microseconds} sfu_delay_max_us={after.ForwardingDelay?.MaxMicroseconds}"));
            RoomStats room = await control.GetRoomStatsAsync(token);
            Console.WriteLine($"node: {after}");
            Console.WriteLine($"room: received {room.PacketsReceived}, forwarded {room.PacketsForwarded}, drops {room.Drops}, SRTP failures {room.SrtpFailures}");
            Console.WriteLine($"detail: sfu received {after.PacketsReceived - before.PacketsReceived}, publisher send failures {senders.Sum(p => p.SendFailures)}, per subscriber received: {string.Join(", ", counters.Select(c => c.Received))}, out of order {counters.Sum(c => c.OutOfOrder)}");
            return received > 0 ? 0 : 2;
        }
        finally
        {
            foreach (SyntheticConnection connection in connections) connection.Dispose();
        }
    }

    /// <summary>
    /// Sends RTP from every publisher at <paramref name="rate"/> packets/s each for <paramref name="duration"/>,
    /// round robin, sequence numbers counting on from <paramref name="firstRound"/>; catches up in bursts
    /// after each ~1 ms sleep. Returns the round after the last one sent (one packet per publisher a round).
    /// </summary>
    private static long Blast(List<SyntheticConnection> publishers, uint firstSsrc, int rate, int payloadBytes, TimeSpan duration, long firstRound)
    {
        byte[] buffer = new byte[12 + payloadBytes + 64];
        buffer[0] = 0x80;
        buffer[1] = 96;
        int length = 12 + payloadBytes;
        long round = firstRound;
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= end) break;
            long due = firstRound + (long)((double)(now - start) / Stopwatch.Frequency * rate);
            while (round < due)
            {
                for (int p = 0; p < publishers.Count; p++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)round);
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)(round / 10 * 3000));
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), firstSsrc + (uint)(2 * p));
                    buffer[1] = (byte)(round % 10 == 9 ? 96 | 0x80 : 96); // marker on the last packet of a "frame"
                    buffer[12] = 0x10; // VP8 payload descriptor: start of partition 0 (protect encrypted the last one)
                    publishers[p].SendRtp(buffer, length);
                }

                round++;
            }

            Thread.Sleep(1);
        }

        return round;
    }

    private static RemoteTransportDescription Remote(string sdp)
    {
        if (!SdpParser.TryParse(sdp, out SessionDescription? description, out SdpParseError? error))
            throw new InvalidOperationException($"Unparsable SDP from the SFU: {error}");
        return RemoteTransportDescription.TryFrom(description!, out RemoteTransportDescription? remote, out string? problem)
            ? remote!
            : throw new InvalidOperationException(problem);
    }
}
