using System.Diagnostics;
using RedConnect.Sfu.Rtp;
using RedConnect.Synthetic.Opus;
using RedConnect.Synthetic.Vp8;

namespace RedConnect.Synthetic.Publishing;

/// <summary>
/// Paces a synthetic camera and microphone onto RTP like a browser: one Opus frame per packet every
/// 20 ms (RFC 7587, 48 kHz clock) and one VP8 frame every 1/30 s split into packets (RFC 7741, 90 kHz
/// clock, marker on the last packet), sent as a burst as encoders do. Sequence numbers and timestamps
/// start at random values (RFC 3550 §5.1). Runs until <see cref="MediaPublisherOptions.Duration"/> or
/// <see cref="MediaPublisherOptions.MaxPackets"/>, whichever comes first. Each packet's send time goes
/// into the <see cref="SendTimeTable"/> just before the sink sends it.
/// </summary>
public sealed class MediaPublisher
{
    /// <summary>Video ticks per second (RFC 7741 §4.1).</summary>
    public const int VideoClockRate = 90_000;

    /// <summary>When the loop falls this far behind schedule it starts again from now instead of bursting.</summary>
    private static readonly TimeSpan MaxLag = TimeSpan.FromMilliseconds(200);

    private readonly MediaPublisherOptions _options;
    private readonly Vp8Clip? _video;
    private readonly OpusClip? _audio;
    private readonly SendTimeTable? _sendTimes;
    private readonly Vp8Packetizer _packetizer;
    private readonly byte[] _buffer = new byte[1500];
    private readonly byte[] _audioExtension;
    private readonly byte[] _videoExtension;
    private ushort _audioSequence = (ushort)Random.Shared.Next(0, 65536);
    private ushort _videoSequence = (ushort)Random.Shared.Next(0, 65536);
    private uint _audioTimestamp = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
    private uint _videoTimestamp = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
    private int _audioIndex;
    private int _videoIndex;
    private int _keyFrameRequested;
    private long _packetsSent;

    public MediaPublisher(MediaPublisherOptions options, Vp8Clip? video, OpusClip? audio, SendTimeTable? sendTimes = null)
    {
        _options = options;
        _video = options.SendVideo ? video ?? throw new ArgumentNullException(nameof(video)) : null;
        _audio = options.SendAudio ? audio ?? throw new ArgumentNullException(nameof(audio)) : null;
        _sendTimes = sendTimes;
        _audioExtension = MidExtension(options.MidExtensionId, options.AudioMid);
        _videoExtension = MidExtension(options.MidExtensionId, options.VideoMid);
        int headerLength = RtpHeader.FixedLength + (_videoExtension.Length == 0 ? 0 : 4 + (_videoExtension.Length + 3) / 4 * 4);
        _packetizer = new Vp8Packetizer(options.Mtu - headerLength - 16, includePictureId: true, options.FirstPictureId);
    }

    public MediaPublisherOptions Options => _options;

    public long AudioPacketsSent { get; private set; }

    public long VideoPacketsSent { get; private set; }

    public long VideoFramesSent { get; private set; }

    public long KeyFramesSent { get; private set; }

    /// <summary>Packets the sink refused.</summary>
    public long SendFailures { get; private set; }

    /// <summary>Times the loop fell more than 200 ms behind and re-based its schedule.</summary>
    public long ScheduleResets { get; private set; }

    /// <summary>Key frame requests (PLI/FIR) received.</summary>
    public long KeyFrameRequests => Interlocked.Read(ref _keyFrameRequestsTotal);

    private long _keyFrameRequestsTotal;

    /// <summary>
    /// Asks for a key frame (the SFU forwarded a PLI or FIR, RFC 4585 §6.3.1): the next video frame sent
    /// is the clip's next key frame. Thread-safe.
    /// </summary>
    public void RequestKeyFrame()
    {
        Interlocked.Increment(ref _keyFrameRequestsTotal);
        Interlocked.Exchange(ref _keyFrameRequested, 1);
    }

    /// <summary>Sends until the duration or packet budget is used up, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(IRtpPacketSink sink, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        TimeSpan audioInterval = _options.AudioFrameDuration;
        TimeSpan videoInterval = TimeSpan.FromSeconds(1.0 / _options.FramesPerSecond);
        TimeSpan nextAudio = TimeSpan.Zero, nextVideo = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested && _packetsSent < _options.MaxPackets)
        {
            TimeSpan now = Stopwatch.GetElapsedTime(start);
            if (now >= _options.Duration) break;

            if (_audio is not null && now >= nextAudio)
            {
                SendAudio(sink);
                nextAudio += audioInterval;
            }

            if (_video is not null && now >= nextVideo && _packetsSent < _options.MaxPackets)
            {
                SendVideoFrame(sink);
                nextVideo += videoInterval;
            }

            TimeSpan next = TimeSpan.MaxValue;
            if (_audio is not null) next = nextAudio;
            if (_video is not null && nextVideo < next) next = nextVideo;
            if (next == TimeSpan.MaxValue) break;

            now = Stopwatch.GetElapsedTime(start);
            if (now - next > MaxLag)
            {
                ScheduleResets++;
                nextAudio = nextVideo = now;
                continue;
            }

            if (next > now)
            {
                try
                {
                    await Task.Delay(next - now, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private void SendAudio(IRtpPacketSink sink)
    {
        byte[] frame = _audio!.Frames[_audioIndex];
        _audioIndex = (_audioIndex + 1) % _audio.Frames.Count;
        if (Send(sink, _options.AudioPayloadType, marker: false, _audioSequence, _audioTimestamp, _options.AudioSsrc, _audioExtension, frame))
        {
            AudioPacketsSent++;
        }

        _audioSequence++;
        _audioTimestamp += (uint)_audio.SamplesPerFrame;
    }

    private void SendVideoFrame(IRtpPacketSink sink)
    {
        if (Interlocked.Exchange(ref _keyFrameRequested, 0) > 0)
        {
            _videoIndex = _video!.NextKeyFrameIndex(_videoIndex);
        }

        Vp8ClipFrame frame = _video!.Frames[_videoIndex];
        _videoIndex = (_videoIndex + 1) % _video.Frames.Count;
        int count = _packetizer.CountPackets(frame.Data.Length);
        Span<byte> payload = stackalloc byte[_packetizer.MaxPayloadSize];
        for (int i = 0; i < count && _packetsSent < _options.MaxPackets; i++)
        {
            int length = _packetizer.WritePayload(frame.Data, i, count, payload);
            if (Send(sink, _options.VideoPayloadType, marker: i == count - 1, _videoSequence, _videoTimestamp, _options.VideoSsrc, _videoExtension, payload.Slice(0, length)))
            {
                VideoPacketsSent++;
            }

            _videoSequence++;
        }

        _packetizer.CompleteFrame();
        VideoFramesSent++;
        if (frame.Header.IsKeyFrame) KeyFramesSent++;
        _videoTimestamp += (uint)(VideoClockRate / _options.FramesPerSecond);
    }

    private bool Send(IRtpPacketSink sink, byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> extension, ReadOnlySpan<byte> payload)
    {
        if (!RtpPacketWriter.TryWrite(_buffer, payloadType, marker, sequence, timestamp, ssrc, [], extension, payload, out int written))
        {
            SendFailures++;
            return false;
        }

        _packetsSent++;
        _sendTimes?.Record(payload, Stopwatch.GetTimestamp());
        if (sink.SendRtp(_buffer, written)) return true;
        SendFailures++;
        return false;
    }

    private static byte[] MidExtension(byte id, string mid)
    {
        if (id == 0) return [];
        byte[] element = new byte[1 + System.Text.Encoding.ASCII.GetByteCount(mid)];
        return RtpPacketWriter.TryWriteOneByteElement(element, id, System.Text.Encoding.ASCII.GetBytes(mid), out int written)
            ? element.AsSpan(0, written).ToArray()
            : throw new ArgumentException($"mid '{mid}' does not fit a one-byte header extension (RFC 8285 §4.2).");
    }
}
