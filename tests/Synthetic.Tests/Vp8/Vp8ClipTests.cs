using RedConnect.Synthetic.Ivf;
using RedConnect.Synthetic.Vp8;

namespace RedConnect.Synthetic.Tests.Vp8;

[Collection(ClipCollection.Name)]
public sealed class Vp8ClipTests(ClipFixture fixture)
{
    [Fact]
    public void Ffmpeg_clip_is_an_ivf_vp8_file_of_about_150_frames_at_30_fps()
    {
        Assert.True(IvfReader.TryOpen(File.ReadAllBytes(fixture.Path), out IvfReader? reader));
        Assert.Equal("VP80", reader!.Header.FourCc);
        Assert.Equal(640, reader.Header.Width);
        Assert.Equal(480, reader.Header.Height);
        Assert.Equal(1.0 / 30, reader.Header.SecondsPerTick, 6);

        List<IvfFrame> frames = reader.ReadAll();
        Assert.False(reader.IsTruncated);
        Assert.InRange(frames.Count, 145, 155);
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (ulong)i), frames.Select(f => f.Timestamp));
    }

    [Fact]
    public void First_frame_is_a_640x480_key_frame_and_key_frames_repeat_every_two_seconds()
    {
        Vp8FrameHeader first = fixture.Clip.Frames[0].Header;
        Assert.True(first.IsKeyFrame);
        Assert.Equal(640, first.Width);
        Assert.Equal(480, first.Height);
        Assert.True(first.ShowFrame);

        int[] keyFrames = fixture.Clip.Frames.Where(f => f.Header.IsKeyFrame).Select(f => f.Index).ToArray();
        Assert.Equal([0, 60, 120], keyFrames);
        Assert.Equal(60, fixture.Clip.NextKeyFrameIndex(1));
        Assert.Equal(0, fixture.Clip.NextKeyFrameIndex(121));
    }

    [Fact]
    public void Clip_bitrate_is_near_the_requested_600_kbits()
    {
        long bytes = fixture.Clip.Frames.Sum(f => (long)f.Data.Length);
        double kbps = bytes * 8 / 1000.0 / (fixture.Clip.Frames.Count / 30.0);
        Assert.InRange(kbps, 300, 1200);
    }

    [Fact]
    public async Task Ensure_reuses_the_cached_clip_instead_of_encoding_again()
    {
        DateTime before = File.GetLastWriteTimeUtc(fixture.Path);
        string again = await Vp8Clip.EnsureAsync();
        Assert.Equal(fixture.Path, again);
        Assert.Equal(before, File.GetLastWriteTimeUtc(again));
    }

    [Fact]
    public void Ffmpeg_command_names_libvpx_the_lavfi_source_and_the_ivf_container()
    {
        string command = Vp8Clip.DescribeCommand(new Vp8ClipOptions(), "/tmp/x.ivf");
        Assert.Contains("-f lavfi", command);
        Assert.Contains("testsrc2=size=640x480:rate=30", command);
        Assert.Contains("libvpx", command);
        Assert.Contains("-f ivf", command);
    }
}
