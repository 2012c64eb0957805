namespace RedConnect.Synthetic.Opus;

/// <summary>
/// The synthetic microphone: a sine tone plus seeded white noise as 16-bit PCM. The noise makes every
/// encoded frame different (so payloads can identify packets) and keeps the encoder out of DTX.
/// </summary>
public sealed class TestTone
{
    private readonly double _frequency;
    private readonly double _amplitude;
    private readonly double _noiseAmplitude;
    private readonly int _sampleRate;
    private readonly Random _random;
    private long _sample;

    public TestTone(double frequency = 440, int sampleRate = 48_000, double amplitude = 0.4, double noiseAmplitude = 0.02, int seed = 1)
    {
        _frequency = frequency;
        _sampleRate = sampleRate;
        _amplitude = amplitude;
        _noiseAmplitude = noiseAmplitude;
        _random = new Random(seed);
    }

    public double Frequency => _frequency;

    /// <summary>Fills <paramref name="pcm"/> with the next samples (mono).</summary>
    public void Read(Span<short> pcm)
    {
        for (int i = 0; i < pcm.Length; i++, _sample++)
        {
            double value = _amplitude * Math.Sin(2 * Math.PI * _frequency * _sample / _sampleRate)
                + _noiseAmplitude * (2 * _random.NextDouble() - 1);
            pcm[i] = (short)Math.Clamp(value * short.MaxValue, short.MinValue, short.MaxValue);
        }
    }
}
