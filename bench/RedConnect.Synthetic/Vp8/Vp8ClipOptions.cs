using System.Globalization;

namespace RedConnect.Synthetic.Vp8;

/// <summary>How the synthetic camera clip is made: ffmpeg's testsrc2 pattern, encoded by libvpx.</summary>
public sealed record Vp8ClipOptions
{
    public int Width { get; init; } = 640;

    public int Height { get; init; } = 480;

    public int FramesPerSecond { get; init; } = 30;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Target bitrate in kbit/s (a typical WebRTC 640×480 send rate).</summary>
    public int BitrateKbps { get; init; } = 600;

    /// <summary>Distance between key frames in frames (-g); 60 at 30 fps = one every 2 s.</summary>
    public int KeyFrameInterval { get; init; } = 60;

    /// <summary>A file name that changes whenever a parameter does, so a cached clip always matches its options.</summary>
    public string CacheFileName => string.Create(CultureInfo.InvariantCulture,
        $"testsrc2-{Width}x{Height}-{FramesPerSecond}fps-{Duration.TotalSeconds:0.###}s-{BitrateKbps}k-g{KeyFrameInterval}.ivf");
}
