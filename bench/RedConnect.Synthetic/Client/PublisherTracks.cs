using RedConnect.Synthetic.Publishing;

namespace RedConnect.Synthetic.Client;

/// <summary>The tracks a synthetic publisher announces in its offer (ids for a=msid, RFC 8830 §2; SSRCs for a=ssrc, RFC 5576).</summary>
public sealed record PublisherTracks(
    bool Audio,
    bool Video,
    uint AudioSsrc,
    uint VideoSsrc,
    string AudioMid = "0",
    string VideoMid = "1",
    int MidExtensionId = 1)
{
    public string StreamId { get; init; } = "synthetic-" + Guid.NewGuid().ToString("N")[..8];

    public string AudioTrackId { get; init; } = Guid.NewGuid().ToString("N")[..12];

    public string VideoTrackId { get; init; } = Guid.NewGuid().ToString("N")[..12];

    public string Cname { get; init; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>The tracks a <see cref="MediaPublisher"/> with these options sends.</summary>
    public static PublisherTracks For(MediaPublisherOptions options) =>
        new(options.SendAudio, options.SendVideo, options.AudioSsrc, options.VideoSsrc, options.AudioMid, options.VideoMid, options.MidExtensionId);
}
