using Concentus;
using Concentus.Enums;

namespace RedConnect.Synthetic.Opus;

/// <summary>
/// Encodes the synthetic microphone (<see cref="TestTone"/>) with Concentus, a C# port of libopus:
/// 48 kHz mono, 20 ms frames (960 samples), VoIP mode — what a browser sends for a voice track.
/// RFC 7587 §4.2 puts exactly one such frame in each RTP payload, with a 48 kHz RTP clock.
/// </summary>
public sealed class OpusSource
{
    /// <summary>RFC 7587 §4.1: the RTP clock rate of Opus is always 48 000 Hz.</summary>
    public const int ClockRate = 48_000;

    /// <summary>RFC 6716 §3.2.1: an Opus packet is at most 1275 bytes per frame.</summary>
    public const int MaxPacketLength = 1275;

    private readonly IOpusEncoder _encoder;
    private readonly TestTone _tone;
    private readonly short[] _pcm;

    public OpusSource(TestTone? tone = null, int frameMilliseconds = 20, int bitrate = 32_000)
    {
        _tone = tone ?? new TestTone();
        SamplesPerFrame = ClockRate * frameMilliseconds / 1000;
        _pcm = new short[SamplesPerFrame];
        _encoder = OpusCodecFactory.CreateEncoder(ClockRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _encoder.Bitrate = bitrate;
        _encoder.Complexity = 5;
        _encoder.UseDTX = false;
    }

    /// <summary>RTP timestamp increment per packet (960 for 20 ms).</summary>
    public int SamplesPerFrame { get; }

    /// <summary>The PCM of the frame encoded last (for tests comparing input and decoded output).</summary>
    public ReadOnlySpan<short> LastInput => _pcm;

    /// <summary>Encodes the next frame of the tone into <paramref name="destination"/>; returns its length.</summary>
    public int EncodeNext(Span<byte> destination)
    {
        _tone.Read(_pcm);
        int length = _encoder.Encode(_pcm, SamplesPerFrame, destination, Math.Min(destination.Length, MaxPacketLength));
        if (length <= 0) throw new InvalidOperationException($"Opus encoder failed ({length}).");
        return length;
    }
}
