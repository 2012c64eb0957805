using FFMpegCore;
using RedConnect.Synthetic.Ivf;

namespace RedConnect.Synthetic.Vp8;

/// <summary>
/// A short real VP8 clip for synthetic publishers: made once by Debian's ffmpeg (driven through
/// FFMpegCore) from the testsrc2 pattern with libvpx in real-time mode, stored as IVF in a cache folder
/// (never in git), then loaded into memory. Key frames sit every <see cref="Vp8ClipOptions.KeyFrameInterval"/>
/// frames, so a publisher asked for a key frame (PLI) can jump to the next one.
/// </summary>
public sealed class Vp8Clip
{
    private static readonly SemaphoreSlim CreateGate = new(1, 1);

    private Vp8Clip(IvfFileHeader header, IReadOnlyList<Vp8ClipFrame> frames)
    {
        Header = header;
        Frames = frames;
    }

    public IvfFileHeader Header { get; }

    public IReadOnlyList<Vp8ClipFrame> Frames { get; }

    /// <summary>Where clips are cached unless told otherwise: $XDG_CACHE_HOME or ~/.cache, then redconnect/synthetic.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = !string.IsNullOrEmpty(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "redconnect", "synthetic");
        }
    }

    /// <summary>Folder holding the ffmpeg binary: $FFMPEG_BINARY_FOLDER, else /usr/bin (Debian's package).</summary>
    public static string FfmpegBinaryFolder =>
        Environment.GetEnvironmentVariable("FFMPEG_BINARY_FOLDER") is { Length: > 0 } folder ? folder : "/usr/bin";

    /// <summary>
    /// Returns the path of the cached clip, encoding it first when it is missing. Safe to call from
    /// several tests at once: one encode per process, and the file appears atomically (rename).
    /// </summary>
    public static async Task<string> EnsureAsync(string? cacheDirectory = null, Vp8ClipOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new Vp8ClipOptions();
        string directory = cacheDirectory ?? DefaultCacheDirectory;
        string path = Path.Combine(directory, options.CacheFileName);
        if (IsUsable(path)) return path;

        await CreateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsUsable(path)) return path;
            Directory.CreateDirectory(directory);
            string temporary = Path.Combine(directory, $".{Guid.NewGuid():N}.ivf");
            try
            {
                await BuildArguments(options, temporary)
                    .CancellableThrough(cancellationToken)
                    .ProcessAsynchronously(throwOnError: true, new FFOptions { BinaryFolder = FfmpegBinaryFolder })
                    .ConfigureAwait(false);
                if (!IsUsable(temporary))
                    throw new InvalidOperationException($"ffmpeg did not produce a readable VP8 clip at {temporary}.");
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }

            return path;
        }
        finally
        {
            CreateGate.Release();
        }
    }

    /// <summary>Ensures the clip exists and loads it.</summary>
    public static async Task<Vp8Clip> LoadAsync(string? cacheDirectory = null, Vp8ClipOptions? options = null, CancellationToken cancellationToken = default)
    {
        string path = await EnsureAsync(cacheDirectory, options, cancellationToken).ConfigureAwait(false);
        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return TryLoad(bytes, out Vp8Clip? clip) ? clip! : throw new InvalidDataException($"{path} is not a VP8 IVF file.");
    }

    /// <summary>Builds a clip from IVF bytes; false unless it is VP8 with at least one key frame first.</summary>
    public static bool TryLoad(ReadOnlyMemory<byte> ivf, out Vp8Clip? clip)
    {
        clip = null;
        if (!IvfReader.TryOpen(ivf, out IvfReader? reader) || reader!.Header.FourCc != "VP80") return false;
        var frames = new List<Vp8ClipFrame>();
        while (reader.TryReadFrame(out IvfFrame frame))
        {
            if (!Vp8FrameHeader.TryParse(frame.Data.Span, out Vp8FrameHeader header)) return false;
            frames.Add(new Vp8ClipFrame(frames.Count, frame.Timestamp, header, frame.Data.ToArray()));
        }

        if (frames.Count == 0 || !frames[0].Header.IsKeyFrame) return false;
        clip = new Vp8Clip(reader.Header, frames);
        return true;
    }

    /// <summary>The ffmpeg command, for logs and the bench report.</summary>
    public static string DescribeCommand(Vp8ClipOptions options, string output) =>
        "ffmpeg " + BuildArguments(options, output).Arguments;

    /// <summary>Index of the first key frame at or after <paramref name="index"/> (wrapping to 0).</summary>
    public int NextKeyFrameIndex(int index)
    {
        for (int i = index; i < Frames.Count; i++)
        {
            if (Frames[i].Header.IsKeyFrame) return i;
        }

        return 0;
    }

    private static FFMpegArgumentProcessor BuildArguments(Vp8ClipOptions options, string output) =>
        FFMpegArguments
            .FromFileInput($"testsrc2=size={options.Width}x{options.Height}:rate={options.FramesPerSecond}", verifyExists: false,
                input => input.ForceFormat("lavfi"))
            .OutputToFile(output, overwrite: true, o => o
                .WithDuration(options.Duration)
                .WithVideoCodec("libvpx")
                .WithVideoBitrate(options.BitrateKbps)
                // Real-time mode as in a browser's encoder; fixed GOP so PLI handling can seek to key frames.
                .WithCustomArgument($"-deadline realtime -cpu-used 8 -g {options.KeyFrameInterval} -keyint_min {options.KeyFrameInterval} -auto-alt-ref 0 -lag-in-frames 0 -pix_fmt yuv420p -an")
                .ForceFormat("ivf"));

    private static bool IsUsable(string path)
    {
        try
        {
            return File.Exists(path) && TryLoad(File.ReadAllBytes(path), out _);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
