namespace RedConnect.Synthetic.Vp8;

/// <summary>One frame of a <see cref="Vp8Clip"/>: index, IVF timestamp (in the file's time base), parsed frame header, bytes.</summary>
public sealed record Vp8ClipFrame(int Index, ulong Timestamp, Vp8FrameHeader Header, byte[] Data);
