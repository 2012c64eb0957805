namespace RedConnect.Synthetic.Opus;

/// <summary>
/// A loop of Opus frames encoded once, so many publishers can send real Opus without each running an
/// encoder in the load test. Give each publisher its own seed: its frames then differ from everyone
/// else's (the latency side table identifies packets by payload, see <see cref="Publishing.SendTimeTable"/>).
/// </summary>
public sealed class OpusClip
{
    private OpusClip(IReadOnlyList<byte[]> frames, int samplesPerFrame)
    {
        Frames = frames;
        SamplesPerFrame = samplesPerFrame;
    }

    public IReadOnlyList<byte[]> Frames { get; }

    public int SamplesPerFrame { get; }

    /// <summary>Encodes <paramref name="duration"/> of a tone (440 Hz plus noise with <paramref name="seed"/>).</summary>
    public static OpusClip Create(TimeSpan duration, int seed = 1, double frequency = 440)
    {
        var source = new OpusSource(new TestTone(frequency, seed: seed));
        int count = Math.Max(1, (int)(duration.TotalSeconds * OpusSource.ClockRate / source.SamplesPerFrame));
        var frames = new List<byte[]>(count);
        Span<byte> buffer = stackalloc byte[OpusSource.MaxPacketLength];
        for (int i = 0; i < count; i++)
        {
            int length = source.EncodeNext(buffer);
            frames.Add(buffer.Slice(0, length).ToArray());
        }

        return new OpusClip(frames, source.SamplesPerFrame);
    }
}
