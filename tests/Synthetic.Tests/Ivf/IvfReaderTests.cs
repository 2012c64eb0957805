using RedConnect.Synthetic.Ivf;
using RedConnect.Synthetic.Tests.Vp8;

namespace RedConnect.Synthetic.Tests.Ivf;

[Collection(ClipCollection.Name)]
public sealed class IvfReaderTests(ClipFixture fixture)
{
    [Fact]
    public void Truncated_file_yields_the_complete_frames_before_the_cut_and_reports_truncation()
    {
        byte[] file = File.ReadAllBytes(fixture.Path);
        int fullFrames = fixture.Clip.Frames.Count;
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int cut = random.Next(IvfFileHeader.Length, file.Length);
            Assert.True(IvfReader.TryOpen(file.AsMemory(0, cut), out IvfReader? reader));
            List<IvfFrame> frames = reader!.ReadAll();
            Assert.InRange(frames.Count, 0, fullFrames - 1);
            for (int i = 0; i < frames.Count; i++)
            {
                Assert.True(frames[i].Data.Span.SequenceEqual(fixture.Clip.Frames[i].Data));
            }

            bool endsOnFrameBoundary = HeaderPlusFrames(frames.Count) == cut;
            Assert.Equal(!endsOnFrameBoundary, reader.IsTruncated);
        }
    }

    [Fact]
    public void Every_prefix_of_the_header_is_refused_without_throwing()
    {
        byte[] file = File.ReadAllBytes(fixture.Path);
        for (int cut = 0; cut < IvfFileHeader.Length; cut++)
        {
            Assert.False(IvfReader.TryOpen(file.AsMemory(0, cut), out _));
        }
    }

    [Fact]
    public void Garbage_is_refused_or_read_without_throwing()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] garbage = new byte[random.Next(0, 400)];
            random.NextBytes(garbage);
            if (trial % 2 == 0 && garbage.Length >= 8)
            {
                "DKIF"u8.CopyTo(garbage);
                garbage[6] = 32;
                garbage[7] = 0;
            }

            if (IvfReader.TryOpen(garbage, out IvfReader? reader))
            {
                _ = reader!.ReadAll();
            }
        }
    }

    [Fact]
    public void Wrong_signature_or_header_length_beyond_the_data_is_refused()
    {
        byte[] file = File.ReadAllBytes(fixture.Path).AsSpan(0, 64).ToArray();
        byte[] wrongSignature = (byte[])file.Clone();
        wrongSignature[0] = (byte)'X';
        Assert.False(IvfReader.TryOpen(wrongSignature, out _));

        byte[] hugeHeader = (byte[])file.Clone();
        hugeHeader[6] = 0xFF;
        hugeHeader[7] = 0xFF;
        Assert.False(IvfReader.TryOpen(hugeHeader, out _));
    }

    [Fact]
    public void Frame_claiming_more_bytes_than_remain_stops_the_reader()
    {
        byte[] file = File.ReadAllBytes(fixture.Path).AsSpan(0, IvfFileHeader.Length + IvfFrame.HeaderLength + 10).ToArray();
        file[IvfFileHeader.Length + 3] = 0x7F; // size ≈ 2 GB
        Assert.True(IvfReader.TryOpen(file, out IvfReader? reader));
        Assert.False(reader!.TryReadFrame(out _));
        Assert.True(reader.IsTruncated);
    }

    private int HeaderPlusFrames(int count) =>
        IvfFileHeader.Length + fixture.Clip.Frames.Take(count).Sum(f => IvfFrame.HeaderLength + f.Data.Length);
}
