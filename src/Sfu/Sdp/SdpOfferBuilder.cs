using System.Globalization;

namespace RedConnect.Sfu.Sdp;

/// <summary>
/// One track the SFU sends to a subscriber: the m= section it lives in (mid), the publisher's stream and
/// track ids for a=msid (RFC 8830 §2), our SSRCs (and the RTX one, grouped with FID, RFC 4588 §8.7), and
/// the codec with the payload types we chose. A stopped track keeps its mid in a rejected section so the
/// section can be recycled (RFC 8829 §5.2.2).
/// </summary>
public sealed record SdpOutgoingTrack(
    string Mid,
    string Kind,
    string StreamId,
    string TrackId,
    uint Ssrc,
    string Cname,
    SdpCodecCapability Codec,
    int PayloadType,
    uint? RtxSsrc = null,
    int? RtxPayloadType = null,
    IReadOnlyList<SdpExtmap>? HeaderExtensions = null,
    bool Stopped = false,
    bool Idle = false);

/// <summary>
/// Builds the SFU's offer on a subscriber connection (the LiveKit shape: the browser publishes on one
/// connection and receives on another that the server offers). Every live section is sendonly on one
/// BUNDLE transport with rtcp-mux; a=setup:actpass as RFC 5763 §5 requires of an offerer, and the
/// browser's answer takes "active", which keeps us the DTLS server.
/// </summary>
public static class SdpOfferBuilder
{
    public static SessionDescription CreateSubscriberOffer(
        SdpTransportParameters transport,
        IReadOnlyList<SdpOutgoingTrack> tracks,
        string sessionId,
        ulong sessionVersion)
    {
        var offer = new SessionDescription
        {
            Origin = new SdpOrigin("-", sessionId, sessionVersion.ToString(CultureInfo.InvariantCulture), "IN", "IP4", "127.0.0.1"),
            SessionName = "-",
        };
        offer.Timings.Add("0 0");
        offer.Add("ice-lite");
        offer.Add("group", new SdpGroup("BUNDLE", tracks.Where(t => !t.Stopped).Select(t => t.Mid).ToArray()).ToString());
        offer.Add("msid-semantic", " WMS *");

        (int port, SdpConnection connection) = transport.DefaultDestination();
        foreach (SdpOutgoingTrack track in tracks)
        {
            offer.Media.Add(track.Stopped ? Stopped(track) : Live(track, transport, port, connection, idle: track.Idle));
        }

        return offer;
    }

    /// <summary>
    /// Checks the browser's answer keeps us the DTLS server (a=setup:active on every accepted section,
    /// RFC 5763 §5) and returns the mids it accepted.
    /// </summary>
    public static bool TryCheckAnswer(SessionDescription answer, out IReadOnlyList<string> acceptedMids, out string? error)
    {
        var accepted = new List<string>();
        acceptedMids = accepted;
        foreach (MediaDescription media in answer.Media.Where(m => !m.IsRejected))
        {
            if (answer.SetupFor(media) is not SdpSetup.Active)
            {
                error = $"section {media.Mid}: answer must be a=setup:active";
                return false;
            }

            if (media.Mid is string mid)
            {
                accepted.Add(mid);
            }
        }

        error = null;
        return true;
    }

    /// <param name="idle">
    /// The section carries nothing any more but keeps the connection: a=inactive, no msid and no SSRCs, still in
    /// the BUNDLE group. Rejecting every section (port 0) would make the browser tear the bundled transport down
    /// (its DTLS close_notify ends the subscriber connection), so the first section idles instead of stopping.
    /// </param>
    private static MediaDescription Live(SdpOutgoingTrack track, SdpTransportParameters transport, int port, SdpConnection connection, bool idle)
    {
        IEnumerable<int> formats = track.RtxPayloadType is int rtxPt ? [track.PayloadType, rtxPt] : [track.PayloadType];
        var media = new MediaDescription(track.Kind, port, "UDP/TLS/RTP/SAVPF", formats.Select(f => f.ToString(CultureInfo.InvariantCulture)))
        {
            Connection = connection,
        };

        transport.WriteTo(media, SdpSetup.ActPass);
        media.Add("mid", track.Mid);
        foreach (SdpExtmap extmap in track.HeaderExtensions ?? [])
        {
            media.Add("extmap", extmap.ToString());
        }

        media.Add(idle ? "inactive" : "sendonly");
        if (!idle)
        {
            media.Add("msid", track.StreamId + " " + track.TrackId);
        }

        media.Add("rtcp-mux");
        media.Add("rtcp-rsize");

        SdpCodecCapability codec = track.Codec;
        var feedback = codec.Feedback.Select(kind =>
        {
            string[] parts = kind.Split(' ', 2);
            return new SdpRtcpFeedback(track.PayloadType, parts[0], parts.Length == 2 ? parts[1] : null);
        }).ToArray();
        SdpAnswerBuilder.WriteCodec(
            media,
            new SdpCodec(track.PayloadType, codec.Name, codec.ClockRate, codec.Channels, codec.FormatParameters, feedback),
            codec.Feedback);
        if (track.RtxPayloadType is int rtx)
        {
            string apt = "apt=" + track.PayloadType.ToString(CultureInfo.InvariantCulture);
            SdpAnswerBuilder.WriteCodec(media, new SdpCodec(rtx, "rtx", codec.ClockRate, null, apt, []), []);
        }

        if (!idle && track.RtxSsrc is uint rtxSsrc)
        {
            media.Add("ssrc-group", new SdpSsrcGroup("FID", [track.Ssrc, rtxSsrc]).ToString());
        }

        foreach (uint ssrc in idle ? [] : track.RtxSsrc is uint r ? new[] { track.Ssrc, r } : [track.Ssrc])
        {
            media.Add("ssrc", new SdpSsrcAttribute(ssrc, "cname", track.Cname).ToString());
            media.Add("ssrc", new SdpSsrcAttribute(ssrc, "msid", track.StreamId + " " + track.TrackId).ToString());
        }

        transport.WriteCandidates(media);
        return media;
    }

    private static MediaDescription Stopped(SdpOutgoingTrack track)
    {
        var media = new MediaDescription(track.Kind, 0, "UDP/TLS/RTP/SAVPF", [track.PayloadType.ToString(CultureInfo.InvariantCulture)])
        {
            Connection = new SdpConnection("IN", "IP4", "0.0.0.0"),
        };
        media.Add("mid", track.Mid);
        media.Add("inactive");
        return media;
    }
}
