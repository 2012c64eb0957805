using System.Globalization;

namespace RedConnect.Sfu.Sdp;

/// <summary>
/// One RTP payload format of a section, assembled from the m= format list, a=rtpmap, a=fmtp and
/// a=rtcp-fb (RFC 8866 §6.6, §6.15; RFC 4585 §4.2). RTX formats point at their codec through apt
/// (RFC 4588 §8.6).
/// </summary>
public sealed record SdpCodec(
    int PayloadType,
    string Name,
    int ClockRate,
    int? Channels,
    string? FormatParameters,
    IReadOnlyList<SdpRtcpFeedback> Feedback)
{
    public bool IsRtx => Name.Equals("rtx", StringComparison.OrdinalIgnoreCase);

    public bool IsOpus => Name.Equals("opus", StringComparison.OrdinalIgnoreCase);

    public bool IsVp8 => Name.Equals("VP8", StringComparison.OrdinalIgnoreCase);

    public bool IsH264 => Name.Equals("H264", StringComparison.OrdinalIgnoreCase);

    /// <summary>fmtp key=value pairs (case-insensitive keys).</summary>
    public IReadOnlyDictionary<string, string> Parameters =>
        SdpFmtp.ParseParameters(FormatParameters ?? string.Empty);

    /// <summary>For RTX: the payload type it repairs (apt, RFC 4588 §8.6).</summary>
    public int? AssociatedPayloadType =>
        IsRtx && Parameters.TryGetValue("apt", out string? apt) && SdpText.TryParsePayloadType(apt, out int pt) ? pt : null;

    /// <summary>H.264 packetization-mode (RFC 6184 §8.1); 0 when absent.</summary>
    public int PacketizationMode =>
        Parameters.TryGetValue("packetization-mode", out string? mode) && int.TryParse(mode, NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : 0;

    /// <summary>H.264 profile-level-id as six hex digits (RFC 6184 §8.1), lower case, or null.</summary>
    public string? ProfileLevelId =>
        Parameters.TryGetValue("profile-level-id", out string? id) && id.Length == 6 ? id.ToLowerInvariant() : null;

    public bool HasFeedback(string kind) => Feedback.Any(f => f.Kind == kind);

    /// <summary>The codecs of a section in m= order. Formats without rtpmap get their RFC 3551 static names where known.</summary>
    public static IReadOnlyList<SdpCodec> FromMedia(MediaDescription media)
    {
        if (!media.IsRtp)
        {
            return [];
        }

        IReadOnlyList<SdpRtpMap> rtpMaps = media.RtpMaps;
        IReadOnlyList<SdpFmtp> fmtps = media.Fmtps;
        IReadOnlyList<SdpRtcpFeedback> feedback = media.RtcpFeedback;
        var codecs = new List<SdpCodec>(media.Formats.Count);
        foreach (string format in media.Formats)
        {
            if (!SdpText.TryParsePayloadType(format, out int pt))
            {
                continue;
            }

            SdpRtpMap? map = rtpMaps.FirstOrDefault(r => r.PayloadType == pt) ?? StaticPayloadType(pt);
            if (map is null)
            {
                continue;
            }

            codecs.Add(new SdpCodec(
                pt,
                map.EncodingName,
                map.ClockRate,
                map.Channels,
                fmtps.FirstOrDefault(f => f.PayloadType == pt)?.Parameters,
                feedback.Where(f => f.PayloadType == pt || f.PayloadType is null).ToArray()));
        }

        return codecs;
    }

    /// <summary>RTX payload type → the payload type it repairs, for a section.</summary>
    public static IReadOnlyDictionary<int, int> RtxMapping(MediaDescription media) =>
        FromMedia(media)
            .Where(c => c.AssociatedPayloadType is not null)
            .ToDictionary(c => c.PayloadType, c => c.AssociatedPayloadType!.Value);

    private static SdpRtpMap? StaticPayloadType(int pt) => pt switch
    {
        // RFC 3551 §6, table 4.
        0 => new SdpRtpMap(0, "PCMU", 8000, null),
        8 => new SdpRtpMap(8, "PCMA", 8000, null),
        9 => new SdpRtpMap(9, "G722", 8000, null),
        _ => null,
    };
}

/// <summary>Header extension URIs the SFU uses (RFC 8285 names them by URI; ids are per session).</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>RFC 9143 §15.1 (BUNDLE): the mid of the m= section a packet belongs to.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 6464: client-to-mixer audio level.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Absolute send time, for REMB-based bandwidth estimation (webrtc.org experiment).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence numbers for transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 8852: rid of a simulcast stream.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852: rid of the stream an RTX stream repairs.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>The extension id a section assigned to <paramref name="uri"/>, or null.</summary>
    public static int? IdOf(MediaDescription media, string uri) =>
        media.Extmaps.FirstOrDefault(e => e.Uri == uri)?.Id;
}
