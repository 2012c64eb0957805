namespace RedConnect.Sfu.Rtp;

/// <summary>
/// A parsed view over one RTP packet (RFC 3550 §5.1): header fields, CSRCs, RFC 8285 extension
/// elements and the payload with padding removed. Allocates nothing; valid as long as the buffer.
/// </summary>
public readonly ref struct RtpPacket
{
    private RtpPacket(ReadOnlySpan<byte> buffer, RtpHeader header)
    {
        Buffer = buffer;
        Header = header;
    }

    /// <summary>The whole packet.</summary>
    public ReadOnlySpan<byte> Buffer { get; }

    public RtpHeader Header { get; }

    /// <summary>Payload without header and without padding.</summary>
    public ReadOnlySpan<byte> Payload => Buffer.Slice(Header.HeaderLength, Header.PayloadLength);

    public static bool TryParse(ReadOnlySpan<byte> buffer, out RtpPacket packet)
    {
        if (RtpHeader.TryParse(buffer, out var header))
        {
            packet = new RtpPacket(buffer, header);
            return true;
        }
        packet = default;
        return false;
    }

    public uint GetCsrc(int index) => Header.GetCsrc(Buffer, index);

    public RtpHeaderExtensionEnumerator Extensions => Header.GetExtensions(Buffer);

    /// <summary>
    /// Finds the header extension element with local id <paramref name="id"/>. <paramref name="offset"/>
    /// is the value's position in the packet, so the caller can rewrite it in place
    /// (see <see cref="RtpHeaderWriter.TryWriteExtension"/>).
    /// </summary>
    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> value, out int offset)
    {
        foreach (var element in Extensions)
        {
            if (element.Id == id)
            {
                value = element.Value;
                offset = element.Offset;
                return true;
            }
        }
        value = default;
        offset = 0;
        return false;
    }

    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> value) => TryGetExtension(id, out value, out _);
}
