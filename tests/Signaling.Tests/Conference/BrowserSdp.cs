using System.Globalization;
using System.Text;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Signaling.Tests.Conference;

/// <summary>Chromium-shaped SDP: a publisher offer (Opus + VP8, BUNDLE, rtcp-mux) and the answer a browser gives to an SFU subscriber offer.</summary>
internal static class BrowserSdp
{
    private static readonly string Fingerprint = "sha-256 " + string.Join(':', Enumerable.Repeat("3C", 32));

    public static string PublisherOffer(uint audioSsrc = 1111, uint videoSsrc = 2222)
    {
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS stream\r\n");
        Section(sdp, "audio", "0", "111");
        sdp.Append("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendonly\r\na=msid:stream audio-track\r\na=rtcp-mux\r\n");
        sdp.Append("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=ssrc:{audioSsrc} cname:publisher\r\n");
        Section(sdp, "video", "1", "96");
        sdp.Append("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendonly\r\na=msid:stream video-track\r\na=rtcp-mux\r\n");
        sdp.Append("a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=ssrc:{videoSsrc} cname:publisher\r\n");
        return sdp.ToString();
    }

    /// <summary>Accepts every live section recvonly with a=setup:active, as Chromium answers.</summary>
    public static string SubscriberAnswer(string offerSdp)
    {
        if (!SdpParser.TryParse(offerSdp, out SessionDescription? offer, out SdpParseError? error)) throw new InvalidOperationException(error?.ToString());
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
            sdp.Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:subB\r\na=ice-pwd:subscriberPassword0123456789\r\na=fingerprint:{Fingerprint}\r\na=setup:active\r\na=mid:{media.Mid}\r\na=recvonly\r\na=rtcp-mux\r\n");
            foreach (SdpAttribute attribute in media.Attributes.Where(a => a.Name is "rtpmap" or "fmtp" or "rtcp-fb" or "extmap"))
            {
                sdp.Append(CultureInfo.InvariantCulture, $"a={attribute.Name}:{attribute.Value}\r\n");
            }
        }

        return sdp.ToString();
    }

    /// <summary>
    /// The stream ids (publisher participant ids) of the live sections of an SFU subscriber offer: not rejected and
    /// carrying a track (an idle section keeps the transport but has no msid).
    /// </summary>
    public static IReadOnlyList<string> LiveStreams(string offerSdp)
    {
        if (!SdpParser.TryParse(offerSdp, out SessionDescription? offer, out SdpParseError? error)) throw new InvalidOperationException(error?.ToString());
        return offer!.Media.Where(m => !m.IsRejected && m.Attribute("msid") is not null).Select(m => m.Attribute("msid")!.Split(' ')[0]).ToArray();
    }

    private static void Section(StringBuilder sdp, string kind, string mid, string payloadType)
    {
        sdp.Append(CultureInfo.InvariantCulture, $"m={kind} 9 UDP/TLS/RTP/SAVPF {payloadType}\r\nc=IN IP4 0.0.0.0\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:pubA\r\na=ice-pwd:publisherPassword0123456789\r\na=fingerprint:{Fingerprint}\r\na=setup:actpass\r\na=mid:{mid}\r\n");
    }
}
