namespace RedConnect.Synthetic.Vp8;

/// <summary>A reassembled VP8 frame as a receiver sees it: RTP timestamp, PictureID (or -1), key frame flag, bytes.</summary>
public sealed record Vp8Frame(uint RtpTimestamp, int PictureId, bool IsKeyFrame, byte[] Data);
