using RedConnect.Sfu.Rtp;
using RedConnect.Synthetic.Vp8;

namespace RedConnect.Synthetic.Tests.Vp8;

[Collection(ClipCollection.Name)]
public sealed class Vp8PacketizerTests(ClipFixture fixture)
{
    private const int Mtu = 1200;
    private const int SrtpTag = 16;

    [Fact]
    public void Packetize_then_depacketize_reproduces_every_clip_frame_byte_for_byte()
    {
        var packetizer = new Vp8Packetizer(firstPictureId: 32_700);
        var depacketizer = new Vp8Depacketizer();
        ushort sequence = 65_000; // wraps during the clip
        var received = new List<Vp8Frame>();
        foreach (Vp8ClipFrame frame in fixture.Clip.Frames)
        {
            uint timestamp = (uint)(frame.Index * 3000);
            foreach (byte[] packet in Packets(packetizer, frame.Data, timestamp, ref sequence))
            {
                if (depacketizer.Push(packet) is Vp8Frame done) received.Add(done);
            }
        }

        Assert.Equal(fixture.Clip.Frames.Count, received.Count);
        for (int i = 0; i < received.Count; i++)
        {
            Assert.Equal(fixture.Clip.Frames[i].Data, received[i].Data);
            Assert.Equal((uint)(i * 3000), received[i].RtpTimestamp);
            Assert.Equal(fixture.Clip.Frames[i].Header.IsKeyFrame, received[i].IsKeyFrame);
        }

        Assert.Equal(3, depacketizer.KeyFramesCompleted);
        Assert.Equal(0, depacketizer.FramesDropped);
    }

    [Fact]
    public void Every_packet_fits_the_mtu_with_room_for_the_srtp_tag_and_only_the_last_has_the_marker()
    {
        var packetizer = new Vp8Packetizer();
        ushort sequence = 1;
        int multiPacketFrames = 0;
        foreach (Vp8ClipFrame frame in fixture.Clip.Frames)
        {
            List<byte[]> packets = Packets(packetizer, frame.Data, 0, ref sequence);
            if (packets.Count > 1) multiPacketFrames++;
            for (int i = 0; i < packets.Count; i++)
            {
                Assert.InRange(packets[i].Length + SrtpTag, 1, Mtu);
                Assert.True(RtpHeader.TryParse(packets[i], out RtpHeader header));
                Assert.Equal(i == packets.Count - 1, header.Marker);
                Assert.True(Vp8PayloadDescriptor.TryParse(header.GetPayload(packets[i]), out Vp8PayloadDescriptor descriptor));
                Assert.Equal(i == 0, descriptor.StartOfPartition);
                Assert.Equal(0, descriptor.PartitionIndex);
            }

            // Equal split: no fragment is much smaller than the others.
            Assert.True(packets.Max(p => p.Length) - packets.Min(p => p.Length) <= 1);
        }

        Assert.True(multiPacketFrames > 0, "the 600 kbit/s key frames need several packets");
    }

    [Fact]
    public void PictureId_is_15_bit_increments_once_per_frame_and_wraps()
    {
        var packetizer = new Vp8Packetizer(firstPictureId: 0x7FFE);
        var ids = new List<int>();
        foreach (byte[] frame in new[] { new byte[3000], new byte[10], new byte[2500] })
        {
            List<byte[]> payloads = packetizer.Packetize(frame);
            var descriptors = payloads.Select(p => Vp8PayloadDescriptor.TryParse(p, out var d) ? d : throw new Xunit.Sdk.XunitException("unparsable")).ToList();
            Assert.All(descriptors, d => Assert.True(d.PictureIdIs15Bit));
            Assert.Single(descriptors.Select(d => d.PictureId).Distinct());
            ids.Add(descriptors[0].PictureId);
        }

        Assert.Equal([0x7FFE, 0x7FFF, 0], ids);
    }

    [Fact]
    public void Lost_packet_drops_only_its_frame_and_the_next_frame_arrives_intact()
    {
        var packetizer = new Vp8Packetizer();
        var depacketizer = new Vp8Depacketizer();
        ushort sequence = 100;
        byte[] keyFrame = fixture.Clip.Frames[0].Data;
        byte[] next = fixture.Clip.Frames[1].Data;
        List<byte[]> first = Packets(packetizer, keyFrame, 0, ref sequence);
        List<byte[]> second = Packets(packetizer, next, 3000, ref sequence);
        Assert.True(first.Count >= 3);

        first.RemoveAt(1);
        var completed = first.Concat(second).Select(p => depacketizer.Push(p)).OfType<Vp8Frame>().ToList();

        Assert.Single(completed);
        Assert.Equal(next, completed[0].Data);
        Assert.Equal(1, depacketizer.FramesDropped);
    }

    [Fact]
    public void Garbage_rtp_and_payloads_are_counted_never_thrown()
    {
        var depacketizer = new Vp8Depacketizer();
        var random = new Random(3);
        for (int i = 0; i < 5000; i++)
        {
            byte[] junk = new byte[random.Next(0, 80)];
            random.NextBytes(junk);
            if (i % 2 == 0 && junk.Length > 12) junk[0] = 0x80; // plausible RTP header
            _ = depacketizer.Push(junk);
            _ = depacketizer.Push((ushort)i, 0, (i & 1) == 1, junk);
        }

        Assert.True(depacketizer.MalformedPayloads > 0);
        Assert.False(Vp8PayloadDescriptor.TryParse([0x80], out _));            // X without its extension byte
        Assert.False(Vp8PayloadDescriptor.TryParse([0x80, 0x80, 0x80], out _)); // M = 1 needs two bytes of PictureID
    }

    [Fact]
    public void Descriptor_parses_every_optional_field_of_rfc_7741()
    {
        // X=1 N=1 S=1 PID=2 | I L T K | M=1 PictureID 0x1234 | TL0PICIDX 0x56 | TID=2 Y=1 KEYIDX=5
        byte[] payload = [0xB2, 0xF0, 0x92, 0x34, 0x56, 0xA5, 0x9d];
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d));
        Assert.True(d.NonReference);
        Assert.True(d.StartOfPartition);
        Assert.Equal(2, d.PartitionIndex);
        Assert.Equal(0x1234, d.PictureId);
        Assert.Equal(0x56, d.Tl0PicIdx);
        Assert.Equal(2, d.TemporalLayerIndex);
        Assert.True(d.LayerSync);
        Assert.Equal(5, d.KeyIndex);
        Assert.Equal(6, d.Length);
    }

    private static List<byte[]> Packets(Vp8Packetizer packetizer, byte[] frame, uint timestamp, ref ushort sequence)
    {
        var packets = new List<byte[]>();
        List<byte[]> payloads = packetizer.Packetize(frame);
        byte[] extension = new byte[8];
        Assert.True(RtpPacketWriter.TryWriteOneByteElement(extension, 1, "0"u8, out int extensionLength));
        for (int i = 0; i < payloads.Count; i++)
        {
            byte[] buffer = new byte[Mtu + 100];
            Assert.True(RtpPacketWriter.TryWrite(buffer, 96, i == payloads.Count - 1, sequence++, timestamp, 0x1234, [], extension.AsSpan(0, extensionLength), payloads[i], out int written));
            packets.Add(buffer.AsSpan(0, written).ToArray());
        }

        return packets;
    }
}
