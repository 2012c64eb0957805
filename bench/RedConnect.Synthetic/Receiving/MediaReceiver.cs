using System.Diagnostics;
using RedConnect.Sfu.Rtp;
using RedConnect.Synthetic.Client;
using RedConnect.Synthetic.Publishing;

namespace RedConnect.Synthetic.Receiving;

/// <summary>
/// The subscriber side of a synthetic participant: per SSRC reception statistics, VP8 reassembly and
/// the one-way latency of every packet whose send time the <see cref="SendTimeTable"/> knows
/// (arrival at our socket minus the publisher's send time; both sides share one process clock).
/// Runs on the connection's receive thread.
/// </summary>
public sealed class MediaReceiver : IRtpReceiver
{
    private readonly SendTimeTable? _sendTimes;
    private readonly Dictionary<uint, ReceivedStream> _streams = new();
    private readonly Dictionary<uint, bool> _videoSsrcs = new();
    private readonly object _gate = new();

    public MediaReceiver(SendTimeTable? sendTimes = null, IEnumerable<SubscribedTrack>? tracks = null)
    {
        _sendTimes = sendTimes;
        if (tracks is not null) Expect(tracks);
    }

    public LatencyRecorder Latency { get; } = new();

    /// <summary>Packets that did not parse as RTP.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>Packets whose payload the send-time table did not know (sent by someone else, or expired).</summary>
    public long UnmatchedPackets { get; private set; }

    public long RtcpPackets { get; private set; }

    /// <summary>Declares the SSRCs and kinds the SFU announced (a=ssrc in its offer), so video SSRCs get a depacketizer.</summary>
    public void Expect(IEnumerable<SubscribedTrack> tracks)
    {
        lock (_gate)
        {
            foreach (SubscribedTrack track in tracks) _videoSsrcs[track.Ssrc] = track.IsVideo;
        }
    }

    /// <summary>A snapshot of the streams seen so far.</summary>
    public IReadOnlyList<ReceivedStream> Streams
    {
        get
        {
            lock (_gate) return _streams.Values.ToArray();
        }
    }

    public void OnRtp(ReadOnlySpan<byte> rtp, long receivedTimestamp)
    {
        if (!RtpPacket.TryParse(rtp, out RtpPacket packet))
        {
            MalformedPackets++;
            return;
        }

        ReceivedStream stream;
        lock (_gate)
        {
            if (!_streams.TryGetValue(packet.Header.Ssrc, out stream!))
            {
                bool video = _videoSsrcs.TryGetValue(packet.Header.Ssrc, out bool isVideo) ? isVideo : packet.Header.PayloadType == 96;
                stream = new ReceivedStream(packet.Header.Ssrc, video);
                _streams.Add(packet.Header.Ssrc, stream);
            }

            stream.Add(packet);
        }

        if (_sendTimes is null) return;
        if (_sendTimes.TryGetSendTime(packet.Payload, out long sent))
        {
            Latency.Add((long)Stopwatch.GetElapsedTime(sent, receivedTimestamp).TotalMicroseconds);
        }
        else
        {
            UnmatchedPackets++;
        }
    }

    public void OnRtcp(ReadOnlySpan<byte> rtcp) => RtcpPackets++;
}
