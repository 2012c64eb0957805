using Concentus;
using RedConnect.Synthetic.Opus;

namespace RedConnect.Synthetic.Tests.Opus;

public sealed class OpusSourceTests
{
    [Fact]
    public void Decoded_concentus_output_has_its_dominant_frequency_at_the_440_hz_input_tone()
    {
        var source = new OpusSource(new TestTone(440, seed: 5));
        IOpusDecoder decoder = OpusCodecFactory.CreateDecoder(OpusSource.ClockRate, 1);
        var decoded = new List<short>();
        byte[] packet = new byte[OpusSource.MaxPacketLength];
        short[] pcm = new short[source.SamplesPerFrame];
        for (int i = 0; i < 75; i++) // 1.5 s
        {
            int length = source.EncodeNext(packet);
            int samples = decoder.Decode(packet.AsSpan(0, length), pcm, pcm.Length, false);
            Assert.Equal(source.SamplesPerFrame, samples);
            decoded.AddRange(pcm);
        }

        // Skip the encoder's start-up; one second of steady output gives 1 Hz resolution.
        double[] signal = decoded.Skip(OpusSource.ClockRate / 2).Take(OpusSource.ClockRate).Select(s => (double)s).ToArray();
        int peak = Enumerable.Range(100, 1900).MaxBy(f => Power(signal, f));
        Assert.InRange(peak, 437, 443);
        Assert.True(Power(signal, 440) > 50 * Power(signal, 1000), "the tone stands far above the noise");
    }

    [Fact]
    public void Packets_are_one_20_ms_frame_of_plausible_size_for_32_kbits()
    {
        OpusClip clip = OpusClip.Create(TimeSpan.FromSeconds(2), seed: 9);
        Assert.Equal(100, clip.Frames.Count);
        Assert.Equal(960, clip.SamplesPerFrame);
        double average = clip.Frames.Skip(5).Average(f => f.Length);
        Assert.InRange(average, 40, 120); // 32 kbit/s × 20 ms = 80 bytes
        Assert.All(clip.Frames, f => Assert.InRange(f.Length, 3, 400));

        // RFC 6716 §3.1 TOC byte: config 0..31; frame count code 0 = one frame per packet (RFC 7587 §4.2).
        Assert.All(clip.Frames, f => Assert.Equal(0, f[0] & 0x03));
    }

    [Fact]
    public void Clips_with_different_seeds_never_share_a_payload()
    {
        OpusClip a = OpusClip.Create(TimeSpan.FromSeconds(1), seed: 1);
        OpusClip b = OpusClip.Create(TimeSpan.FromSeconds(1), seed: 2);
        var seen = new HashSet<string>(a.Frames.Select(Convert.ToHexString));
        Assert.Equal(a.Frames.Count, seen.Count);
        Assert.DoesNotContain(b.Frames, f => seen.Contains(Convert.ToHexString(f)));
    }

    /// <summary>Goertzel power of one frequency.</summary>
    private static double Power(double[] signal, int frequency)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / OpusSource.ClockRate);
        double s1 = 0, s2 = 0;
        foreach (double x in signal)
        {
            double s0 = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }

        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }
}
