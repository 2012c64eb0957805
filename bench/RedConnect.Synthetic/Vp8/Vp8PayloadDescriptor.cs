using System.Buffers.Binary;

namespace RedConnect.Synthetic.Vp8;

/// <summary>
/// The VP8 payload descriptor that starts every VP8 RTP payload (RFC 7741 §4.2):
/// <code>
///  X|R|N|S|R| PID     required
///  I|L|T|K| RSV       if X
///  M| PictureID       if I (M = 1: 15-bit PictureID in two bytes)
///  TL0PICIDX          if L
///  TID|Y| KEYIDX      if T or K
/// </code>
/// </summary>
public readonly record struct Vp8PayloadDescriptor(
    bool NonReference,
    bool StartOfPartition,
    byte PartitionIndex,
    int PictureId,
    bool PictureIdIs15Bit,
    int Tl0PicIdx,
    int TemporalLayerIndex,
    bool LayerSync,
    int KeyIndex,
    int Length)
{
    /// <summary>No PictureID (or other optional field) present.</summary>
    public const int Absent = -1;

    /// <summary>RFC 7741 §4.2: the first packet of a frame has S = 1 and PID = 0.</summary>
    public bool IsStartOfFrame => StartOfPartition && PartitionIndex == 0;

    /// <summary>Parses the descriptor; false when a field that its flags announce is missing.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.Length < 1) return false;
        byte first = payload[0];
        bool x = (first & 0x80) != 0;
        bool n = (first & 0x20) != 0;
        bool s = (first & 0x10) != 0;
        byte pid = (byte)(first & 0x07);
        int offset = 1;
        int pictureId = Absent, tl0 = Absent, tid = Absent, keyIdx = Absent;
        bool longPictureId = false, y = false;
        if (x)
        {
            if (payload.Length < 2) return false;
            byte ext = payload[1];
            offset = 2;
            if ((ext & 0x80) != 0)
            {
                if (payload.Length < offset + 1) return false;
                if ((payload[offset] & 0x80) != 0)
                {
                    if (payload.Length < offset + 2) return false;
                    pictureId = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset)) & 0x7FFF;
                    longPictureId = true;
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset] & 0x7F;
                    offset += 1;
                }
            }

            if ((ext & 0x40) != 0)
            {
                if (payload.Length < offset + 1) return false;
                tl0 = payload[offset++];
            }

            bool t = (ext & 0x20) != 0, k = (ext & 0x10) != 0;
            if (t || k)
            {
                if (payload.Length < offset + 1) return false;
                byte b = payload[offset++];
                if (t)
                {
                    tid = b >> 6;
                    y = (b & 0x20) != 0;
                }

                if (k) keyIdx = b & 0x1F;
            }
        }

        descriptor = new Vp8PayloadDescriptor(n, s, pid, pictureId, longPictureId, tl0, tid, y, keyIdx, offset);
        return true;
    }

    /// <summary>
    /// Writes the descriptor we send: X set only when a PictureID is carried, which is then always the
    /// 15-bit form (M = 1) so it wraps rarely. Returns the number of bytes written (1 or 4).
    /// </summary>
    public static int Write(Span<byte> destination, bool startOfPartition, byte partitionIndex, int pictureId)
    {
        bool hasPictureId = pictureId >= 0;
        destination[0] = (byte)((hasPictureId ? 0x80 : 0) | (startOfPartition ? 0x10 : 0) | (partitionIndex & 0x07));
        if (!hasPictureId) return 1;
        destination[1] = 0x80; // I: PictureID present
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)(0x8000 | (pictureId & 0x7FFF)));
        return 4;
    }
}
