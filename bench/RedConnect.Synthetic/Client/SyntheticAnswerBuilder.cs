using System.Globalization;
using System.Text;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Synthetic.Client;

/// <summary>
/// Answers the SFU's subscriber offer (sendonly tracks) the way a browser would: each live section
/// recvonly with the first Opus or VP8 payload type offered, the same mids in one BUNDLE group
/// (RFC 8843 §7.3), rtcp-mux, our ICE credentials and fingerprint, and a=setup:active (RFC 5763 §5:
/// the answerer to actpass picks; active keeps the SFU the DTLS server). Sections we cannot take
/// (unknown codec, port 0) are answered with port 0 (RFC 8829 §5.3.1).
/// </summary>
public static class SyntheticAnswerBuilder
{
    public static string CreateSubscriberAnswer(SessionDescription offer, LocalTransportParameters local, out IReadOnlyList<SubscribedTrack> tracks)
    {
        var sdp = new StringBuilder();
        var accepted = new List<SubscribedTrack>();
        var sections = new StringBuilder();
        foreach (MediaDescription media in offer.Media)
        {
            string mid = media.Mid ?? string.Empty;
            SdpRtpMap? codec = media.IsRejected ? null : media.RtpMaps.FirstOrDefault(IsSupported);
            if (codec is null || media.Direction is not (SdpDirection.SendOnly or SdpDirection.SendRecv))
            {
                Line(sections, $"m={media.Kind} 0 {media.Protocol} {string.Join(' ', media.Formats)}");
                Line(sections, "c=IN IP4 0.0.0.0");
                if (mid.Length > 0) Line(sections, $"a=mid:{mid}");
                Line(sections, "a=inactive");
                continue;
            }

            Line(sections, $"m={media.Kind} 9 {media.Protocol} {codec.PayloadType.ToString(CultureInfo.InvariantCulture)}");
            Line(sections, "c=IN IP4 0.0.0.0");
            Line(sections, $"a=ice-ufrag:{local.Ice.UsernameFragment}");
            Line(sections, $"a=ice-pwd:{local.Ice.Password}");
            Line(sections, $"a=fingerprint:{local.Fingerprint.ToSdpValue()}");
            Line(sections, "a=setup:active");
            Line(sections, $"a=mid:{mid}");
            foreach (SdpExtmap extmap in media.Extmaps)
            {
                Line(sections, $"a=extmap:{extmap.Id} {extmap.Uri}");
            }

            Line(sections, "a=recvonly");
            Line(sections, "a=rtcp-mux");
            if (media.RtcpReducedSize) Line(sections, "a=rtcp-rsize");
            Line(sections, $"a=rtpmap:{codec}");
            foreach (SdpRtcpFeedback feedback in media.RtcpFeedback.Where(f => f.PayloadType == codec.PayloadType))
            {
                Line(sections, $"a=rtcp-fb:{feedback}");
            }

            string[] msid = (media.Msid ?? string.Empty).Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            foreach (uint ssrc in media.Ssrcs.Select(s => s.Ssrc).Distinct().Take(1))
            {
                SdpSsrcAttribute? ssrcMsid = media.Ssrcs.FirstOrDefault(s => s.Ssrc == ssrc && s.Attribute == "msid");
                if (msid.Length == 0 && ssrcMsid?.Value is string value) msid = value.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                accepted.Add(new SubscribedTrack(mid, media.Kind, ssrc,
                    msid.Length > 0 ? msid[0] : null, msid.Length > 1 ? msid[1] : null, codec.PayloadType));
            }
        }

        Line(sdp, "v=0");
        Line(sdp, $"o=- {Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture)} 2 IN IP4 127.0.0.1");
        Line(sdp, "s=-");
        Line(sdp, "t=0 0");
        IEnumerable<string> live = offer.Media.Where(m => !m.IsRejected && accepted.Any(t => t.Mid == m.Mid)).Select(m => m.Mid!);
        Line(sdp, $"a=group:BUNDLE {string.Join(' ', live)}");
        sdp.Append(sections);
        tracks = accepted;
        return sdp.ToString();
    }

    private static bool IsSupported(SdpRtpMap map) =>
        (map.EncodingName.Equals("opus", StringComparison.OrdinalIgnoreCase) && map.ClockRate == 48_000)
        || (map.EncodingName.Equals("VP8", StringComparison.OrdinalIgnoreCase) && map.ClockRate == 90_000);

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
