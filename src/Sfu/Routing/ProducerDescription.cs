using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// One incoming track as negotiated on a publisher connection: the m= section (mid), kind, the codec
/// and payload type our answer chose, the SSRCs the offer announced (a=ssrc and a=ssrc-group:FID,
/// RFC 5576 §4; 0 when the browser announced none and the SSRC is learned from the mid header extension,
/// RFC 8843 §15), a=msid (RFC 8830 §2) and the header extension ids the publisher uses.
/// </summary>
public sealed record ProducerDescription(
    string Mid,
    MediaKind Kind,
    SdpCodec Codec,
    uint Ssrc,
    uint RtxSsrc,
    string? StreamId,
    string? TrackId,
    IReadOnlyList<SdpExtmap> HeaderExtensions)
{
    public int PayloadType => Codec.PayloadType;

    /// <summary>The publisher's id for the mid header extension, 0 when it did not negotiate one.</summary>
    public int MidExtensionId => HeaderExtensions.FirstOrDefault(e => e.Uri == RtpHeaderExtensionUris.Mid)?.Id ?? 0;

    /// <summary>
    /// The producers of an accepted offer: every section our answer accepted (port ≠ 0) in recvonly, with
    /// the codec the answer chose first. Sections the answer rejected or left inactive produce nothing.
    /// </summary>
    public static IReadOnlyList<ProducerDescription> FromNegotiation(SessionDescription offer, SessionDescription answer)
    {
        var producers = new List<ProducerDescription>();
        foreach (MediaDescription answered in answer.Media)
        {
            if (answered.IsRejected || answered.Direction != SdpDirection.RecvOnly || answered.Mid is not string mid) continue;
            if (!MediaKinds.TryParse(answered.Kind, out MediaKind kind)) continue;
            MediaDescription? offered = offer.FindMedia(mid);
            SdpCodec? codec = SdpCodec.FromMedia(answered).FirstOrDefault(c => !c.IsRtx);
            if (offered is null || codec is null) continue;

            uint rtx = 0;
            uint ssrc = 0;
            SdpSsrcGroup? fid = offered.SsrcGroups.FirstOrDefault(g => g.Semantics == "FID" && g.Ssrcs.Count == 2);
            if (fid is not null)
            {
                ssrc = fid.Ssrcs[0];
                rtx = fid.Ssrcs[1];
            }
            else if (offered.Ssrcs.Select(s => s.Ssrc).Distinct().ToArray() is [uint only])
            {
                ssrc = only;
            }

            // With simulcast (several SSRCs, or a=rid) we take no SSRC from SDP: our answer carries no
            // a=simulcast, so the browser sends one stream, and its mid extension tells us the SSRC.
            string? streamId = null, trackId = null;
            if (offered.Msid is string msid)
            {
                string[] parts = msid.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                streamId = parts.Length > 0 ? parts[0] : null;
                trackId = parts.Length > 1 ? parts[1] : null;
            }

            producers.Add(new ProducerDescription(mid, kind, codec, ssrc, rtx, streamId, trackId, answered.Extmaps));
        }

        return producers;
    }
}
