namespace RedConnect.Synthetic.Publishing;

/// <summary>What one synthetic publisher sends and how its streams are numbered.</summary>
public sealed record MediaPublisherOptions
{
    public bool SendAudio { get; init; } = true;

    public bool SendVideo { get; init; } = true;

    public uint AudioSsrc { get; init; } = (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    public uint VideoSsrc { get; init; } = (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    /// <summary>Opus payload type as negotiated (Chromium's 111).</summary>
    public byte AudioPayloadType { get; init; } = 111;

    /// <summary>VP8 payload type as negotiated (Chromium's 96).</summary>
    public byte VideoPayloadType { get; init; } = 96;

    /// <summary>Id of the RFC 8843 §15 mid header extension in our offer, 0 to leave it out.</summary>
    public byte MidExtensionId { get; init; } = 1;

    public string AudioMid { get; init; } = "0";

    public string VideoMid { get; init; } = "1";

    /// <summary>First VP8 PictureID; give publishers disjoint ranges (see <see cref="SendTimeTable"/>).</summary>
    public int FirstPictureId { get; init; }

    /// <summary>The SRTP packet size limit: RTP header + extension + payload + SRTP tag stay within it.</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>Stop after this long.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop after this many RTP packets (audio and video together).</summary>
    public long MaxPackets { get; init; } = long.MaxValue;

    /// <summary>Video frame rate; the clip's own rate is 30 fps.</summary>
    public int FramesPerSecond { get; init; } = 30;

    /// <summary>Opus frame duration (RFC 7587: 20 ms is what browsers send).</summary>
    public TimeSpan AudioFrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);
}
