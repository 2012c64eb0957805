namespace RedConnect.Sfu.Rtcp;

/// <summary>Picture Loss Indication: PSFB, FMT=1, no FCI (RFC 4585 §6.3.1).</summary>
public readonly record struct RtcpPictureLossIndication(uint SenderSsrc, uint MediaSsrc)
{
    public const int Length = RtcpFeedback.FixedLength;

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpPictureLossIndication pli)
    {
        pli = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.PictureLossIndication, out var fb)) return false;
        pli = new RtcpPictureLossIndication(fb.SenderSsrc, fb.MediaSsrc);
        return true;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Length) return false;
        RtcpFeedback.WriteFixed(destination, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.PictureLossIndication, Length, SenderSsrc, MediaSsrc);
        written = Length;
        return true;
    }
}
