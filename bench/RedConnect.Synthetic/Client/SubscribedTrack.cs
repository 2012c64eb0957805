namespace RedConnect.Synthetic.Client;

/// <summary>
/// One track the SFU offered us on the subscriber connection: its section (mid, kind), the SSRC the
/// SFU sends it with (a=ssrc, RFC 5576), the publisher's stream/track ids (a=msid, RFC 8830 §2) and
/// the payload type of its codec.
/// </summary>
public sealed record SubscribedTrack(string Mid, string Kind, uint Ssrc, string? StreamId, string? TrackId, int PayloadType)
{
    public bool IsVideo => Kind == "video";
}
