using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// What the SFU negotiates on both kinds of connection. Opus and VP8 only: VP8 is the video codec every
/// browser we serve shares (Firefox here has no H.264), and a subscriber must decode whatever a publisher
/// sends because the SFU never transcodes.
/// No transport-cc and no RTX: bandwidth is steered with REMB (goog-remb) that the SFU aggregates over the
/// subscribers, and retransmissions arrive on the original SSRC (RFC 4585 §6.2.1 NACK without RFC 4588).
/// </summary>
public static class RoutingCapabilities
{
    /// <summary>urn:3gpp:video-orientation (3GPP TS 26.114 §7.4.5): phones send rotation here instead of rotating frames.</summary>
    public const string VideoOrientationUri = "urn:3gpp:video-orientation";

    public static readonly SdpCodecCapability Opus = SdpCodecCapability.Opus with { Feedback = [] };

    public static readonly SdpCodecCapability Vp8 = SdpCodecCapability.Vp8 with
    {
        Feedback = ["goog-remb", "ccm fir", "nack", "nack pli"],
        Rtx = false,
    };

    public static readonly IReadOnlyList<SdpCodecCapability> Codecs = [Opus, Vp8];

    /// <summary>Header extensions a publisher may keep: mid to bind SSRCs (RFC 8843 §15), the rest to forward.</summary>
    public static readonly IReadOnlyList<string> PublisherHeaderExtensions =
    [
        RtpHeaderExtensionUris.Mid,
        RtpHeaderExtensionUris.AudioLevel,
        RtpHeaderExtensionUris.AbsSendTime,
        VideoOrientationUri,
    ];

    /// <summary>
    /// Ids the SFU assigns on every subscriber connection. One table for the whole BUNDLE group, as
    /// RFC 8843 §9.1.3 wants the same id for the same URI in every bundled section. No mid extension:
    /// subscribers demultiplex by the a=ssrc lines of our offer (RFC 8843 §9.2), so no value must be resized.
    /// </summary>
    public const byte SubscriberAudioLevelId = 1;
    public const byte SubscriberAbsSendTimeId = 2;
    public const byte SubscriberVideoOrientationId = 3;

    public static SdpCodecCapability For(MediaKind kind) => kind == MediaKind.Audio ? Opus : Vp8;

    /// <summary>The payload type the SFU offers subscribers (Chromium's own numbers, so most mappings are identities).</summary>
    public static int SubscriberPayloadType(MediaKind kind) => kind == MediaKind.Audio ? 111 : 96;

    public static IReadOnlyList<SdpExtmap> SubscriberExtensions(MediaKind kind) => kind == MediaKind.Audio
        ? [new SdpExtmap(SubscriberAudioLevelId, null, RtpHeaderExtensionUris.AudioLevel, null), new SdpExtmap(SubscriberAbsSendTimeId, null, RtpHeaderExtensionUris.AbsSendTime, null)]
        : [new SdpExtmap(SubscriberAbsSendTimeId, null, RtpHeaderExtensionUris.AbsSendTime, null), new SdpExtmap(SubscriberVideoOrientationId, null, VideoOrientationUri, null)];

    /// <summary>The subscriber id for a publisher's extension URI; 0 when the SFU does not forward it.</summary>
    public static byte SubscriberIdFor(string uri) => uri switch
    {
        RtpHeaderExtensionUris.AudioLevel => SubscriberAudioLevelId,
        RtpHeaderExtensionUris.AbsSendTime => SubscriberAbsSendTimeId,
        VideoOrientationUri => SubscriberVideoOrientationId,
        _ => 0,
    };
}
