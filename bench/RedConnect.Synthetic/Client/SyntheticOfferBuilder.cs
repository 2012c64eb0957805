using System.Globalization;
using System.Text;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Synthetic.Client;

/// <summary>
/// Writes the publisher offer of a synthetic participant the way Chromium shapes one (RFC 8829 Unified
/// Plan): one audio (Opus, PT 111) and one video (VP8, PT 96) section, both sendonly, BUNDLEd (RFC 8843)
/// with rtcp-mux (RFC 5761), the mid header extension (RFC 8843 §15), a=ssrc with cname and msid
/// (RFC 5576, RFC 8830), our ICE credentials and fingerprint with a=setup:actpass (RFC 5763 §5).
/// No candidates: the SFU is ICE-lite and learns our address from our checks (peer-reflexive,
/// RFC 8445 §7.3.1.3), so we need not gather any.
/// </summary>
public static class SyntheticOfferBuilder
{
    public const int OpusPayloadType = 111;
    public const int Vp8PayloadType = 96;

    public static string CreatePublisherOffer(LocalTransportParameters local, PublisherTracks tracks)
    {
        var sdp = new StringBuilder();
        string sessionId = Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        var mids = new List<string>();
        if (tracks.Audio) mids.Add(tracks.AudioMid);
        if (tracks.Video) mids.Add(tracks.VideoMid);
        Line(sdp, "v=0");
        Line(sdp, $"o=- {sessionId} 2 IN IP4 127.0.0.1");
        Line(sdp, "s=-");
        Line(sdp, "t=0 0");
        Line(sdp, $"a=group:BUNDLE {string.Join(' ', mids)}");
        Line(sdp, "a=extmap-allow-mixed");
        Line(sdp, $"a=msid-semantic: WMS {tracks.StreamId}");
        if (tracks.Audio)
        {
            Section(sdp, local, "audio", OpusPayloadType, tracks.AudioMid, tracks.MidExtensionId, tracks.AudioSsrc, tracks, tracks.AudioTrackId);
            Line(sdp, $"a=rtpmap:{OpusPayloadType} opus/48000/2");
            Line(sdp, $"a=fmtp:{OpusPayloadType} minptime=10;useinbandfec=1");
            Ssrc(sdp, tracks.AudioSsrc, tracks, tracks.AudioTrackId);
        }

        if (tracks.Video)
        {
            Section(sdp, local, "video", Vp8PayloadType, tracks.VideoMid, tracks.MidExtensionId, tracks.VideoSsrc, tracks, tracks.VideoTrackId);
            Line(sdp, $"a=rtpmap:{Vp8PayloadType} VP8/90000");
            foreach (string feedback in new[] { "goog-remb", "ccm fir", "nack", "nack pli" })
            {
                Line(sdp, $"a=rtcp-fb:{Vp8PayloadType} {feedback}");
            }

            Ssrc(sdp, tracks.VideoSsrc, tracks, tracks.VideoTrackId);
        }

        return sdp.ToString();
    }

    private static void Section(StringBuilder sdp, LocalTransportParameters local, string kind, int payloadType, string mid, int midExtensionId, uint ssrc, PublisherTracks tracks, string trackId)
    {
        Line(sdp, $"m={kind} 9 UDP/TLS/RTP/SAVPF {payloadType}");
        Line(sdp, "c=IN IP4 0.0.0.0");
        Line(sdp, "a=rtcp:9 IN IP4 0.0.0.0");
        Line(sdp, $"a=ice-ufrag:{local.Ice.UsernameFragment}");
        Line(sdp, $"a=ice-pwd:{local.Ice.Password}");
        Line(sdp, "a=ice-options:trickle");
        Line(sdp, $"a=fingerprint:{local.Fingerprint.ToSdpValue()}");
        Line(sdp, "a=setup:actpass");
        Line(sdp, $"a=mid:{mid}");
        if (midExtensionId > 0) Line(sdp, $"a=extmap:{midExtensionId} {RtpHeaderExtensionUris.Mid}");
        Line(sdp, "a=sendonly");
        Line(sdp, $"a=msid:{tracks.StreamId} {trackId}");
        Line(sdp, "a=rtcp-mux");
        Line(sdp, "a=rtcp-rsize");
    }

    private static void Ssrc(StringBuilder sdp, uint ssrc, PublisherTracks tracks, string trackId)
    {
        Line(sdp, $"a=ssrc:{ssrc} cname:{tracks.Cname}");
        Line(sdp, $"a=ssrc:{ssrc} msid:{tracks.StreamId} {trackId}");
    }

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
