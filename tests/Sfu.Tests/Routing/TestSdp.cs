using System.Globalization;
using System.Text;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Tests.Routing;

/// <summary>
/// Browser-shaped SDP for routing tests: a publisher offer with chosen SSRCs, payload types and header
/// extension ids (deliberately not the SFU's own numbers, so mappings are visible), and a browser-style
/// answer that accepts every live section of an SFU subscriber offer.
/// </summary>
internal static class TestSdp
{
    public const int AudioPayloadType = 109;
    public const int VideoPayloadType = 120;
    public const byte AudioLevelId = 5;
    public const byte AbsSendTimeId = 7;
    public const byte MidId = 9;
    public const byte TimeOffsetId = 4; // offered but not accepted by the SFU
    public const byte VideoOrientationId = 11;

    private static readonly string Fingerprint = "sha-256 " + string.Join(':', Enumerable.Repeat("1F", 32));

    public static string PublisherOffer(uint audioSsrc, uint videoSsrc, string ufrag = "pubA", bool announceSsrcs = true, string? fingerprint = null)
    {
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS stream\r\n");
        Section(sdp, "audio", "0", ufrag, fingerprint, [AudioPayloadType]);
        sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{AudioLevelId} urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{AbsSendTimeId} http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{MidId} urn:ietf:params:rtp-hdrext:sdes:mid\r\n");
        sdp.Append("a=sendonly\r\na=msid:stream audio-track\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{AudioPayloadType} opus/48000/2\r\na=fmtp:{AudioPayloadType} minptime=10;useinbandfec=1\r\n");
        if (announceSsrcs) sdp.Append(CultureInfo.InvariantCulture, $"a=ssrc:{audioSsrc} cname:publisher\r\n");

        Section(sdp, "video", "1", ufrag, fingerprint, [VideoPayloadType, VideoPayloadType + 1]);
        sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{TimeOffsetId} urn:ietf:params:rtp-hdrext:toffset\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{AbsSendTimeId} http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{MidId} urn:ietf:params:rtp-hdrext:sdes:mid\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{VideoOrientationId} urn:3gpp:video-orientation\r\n");
        sdp.Append("a=sendonly\r\na=msid:stream video-track\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{VideoPayloadType} VP8/90000\r\n");
        foreach (string fb in new[] { "goog-remb", "ccm fir", "nack", "nack pli", "transport-cc" })
        {
            sdp.Append(CultureInfo.InvariantCulture, $"a=rtcp-fb:{VideoPayloadType} {fb}\r\n");
        }

        sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{VideoPayloadType + 1} rtx/90000\r\na=fmtp:{VideoPayloadType + 1} apt={VideoPayloadType}\r\n");
        if (announceSsrcs)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"a=ssrc-group:FID {videoSsrc} {videoSsrc + 1}\r\na=ssrc:{videoSsrc} cname:publisher\r\na=ssrc:{videoSsrc + 1} cname:publisher\r\n");
        }

        return sdp.ToString();
    }

    private static void Section(StringBuilder sdp, string kind, string mid, string ufrag, string? fingerprint, int[] payloadTypes)
    {
        sdp.Append(CultureInfo.InvariantCulture, $"m={kind} 9 UDP/TLS/RTP/SAVPF {string.Join(' ', payloadTypes)}\r\nc=IN IP4 0.0.0.0\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:{ufrag}\r\na=ice-pwd:publisherPassword0123456789\r\na=fingerprint:{fingerprint ?? Fingerprint}\r\na=setup:actpass\r\na=mid:{mid}\r\n");
    }

    /// <summary>What a browser answers to an SFU subscriber offer: every live section recvonly, a=setup:active, same payload types.</summary>
    public static string SubscriberAnswer(string offerSdp, string ufrag = "subB", string? fingerprint = null)
    {
        Assert.True(SdpParser.TryParse(offerSdp, out SessionDescription? offer, out SdpParseError? error), error?.ToString());
        var live = offer!.Media.Where(m => !m.IsRejected).Select(m => m.Mid!).ToArray();
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\no=- 99 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sdp.Append("a=group:BUNDLE ").Append(string.Join(' ', live)).Append("\r\n");
        foreach (MediaDescription media in offer.Media)
        {
            if (media.IsRejected)
            {
                sdp.Append(CultureInfo.InvariantCulture, $"m={media.Kind} 0 {media.Protocol} {string.Join(' ', media.Formats)}\r\nc=IN IP4 0.0.0.0\r\na=mid:{media.Mid}\r\na=inactive\r\n");
                continue;
            }

            sdp.Append(CultureInfo.InvariantCulture, $"m={media.Kind} 9 {media.Protocol} {string.Join(' ', media.Formats)}\r\nc=IN IP4 0.0.0.0\r\n");
            sdp.Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:{ufrag}\r\na=ice-pwd:subscriberPassword0123456789\r\na=fingerprint:{fingerprint ?? Fingerprint}\r\na=setup:active\r\na=mid:{media.Mid}\r\na=recvonly\r\na=rtcp-mux\r\n");
            foreach (SdpAttribute attribute in media.Attributes.Where(a => a.Name is "rtpmap" or "fmtp" or "rtcp-fb" or "extmap"))
            {
                sdp.Append(CultureInfo.InvariantCulture, $"a={attribute.Name}:{attribute.Value}\r\n");
            }
        }

        return sdp.ToString();
    }
}
