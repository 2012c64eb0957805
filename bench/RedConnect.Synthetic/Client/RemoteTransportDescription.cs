using System.Net;
using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Synthetic.Client;

/// <summary>
/// What a synthetic client needs from the SFU's SDP to connect: its ICE credentials (RFC 8839 §5.4),
/// certificate fingerprints (RFC 8122 §5) and the first UDP host candidate (the SFU is ICE-lite, so
/// its candidates are complete in the SDP, RFC 8838 §13). BUNDLE puts all sections on one transport;
/// we read the first live section.
/// </summary>
public sealed record RemoteTransportDescription(string IceUfrag, string IcePwd, IReadOnlyList<DtlsFingerprint> Fingerprints, IPEndPoint Candidate)
{
    public static bool TryFrom(SessionDescription description, out RemoteTransportDescription? remote, out string? error)
    {
        remote = null;
        MediaDescription? media = description.Media.FirstOrDefault(m => !m.IsRejected);
        if (media is null)
        {
            error = "no live m= section";
            return false;
        }

        string? ufrag = description.IceUfragFor(media), pwd = description.IcePwdFor(media);
        if (ufrag is null || pwd is null)
        {
            error = "no a=ice-ufrag/a=ice-pwd";
            return false;
        }

        var fingerprints = new List<DtlsFingerprint>();
        foreach (string value in description.FingerprintsFor(media))
        {
            if (DtlsFingerprint.TryParse(value, out DtlsFingerprint? fingerprint, out _)) fingerprints.Add(fingerprint!);
        }

        if (fingerprints.Count == 0)
        {
            error = "no usable a=fingerprint";
            return false;
        }

        SdpCandidate? candidate = description.Media.SelectMany(m => m.Candidates)
            .FirstOrDefault(c => c.IsUdp && c.Component == 1 && IPAddress.TryParse(c.Address, out _));
        if (candidate is null)
        {
            error = "no UDP candidate with an IP address";
            return false;
        }

        remote = new RemoteTransportDescription(ufrag, pwd, fingerprints, new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port));
        error = null;
        return true;
    }
}
