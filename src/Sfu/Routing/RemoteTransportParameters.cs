using RedConnect.Sfu.Dtls;
using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// The browser's ICE credentials (RFC 8839 §5.4) and DTLS certificate fingerprints (RFC 8122 §5) from
/// its offer or answer. With BUNDLE every section shares one transport, so the first live section speaks
/// for all (RFC 8843 §7.1.3 puts them on the offerer-tagged section at least).
/// </summary>
public sealed record RemoteTransportParameters(string IceUfrag, string IcePwd, IReadOnlyList<DtlsFingerprint> Fingerprints)
{
    public static bool TryFrom(SessionDescription description, out RemoteTransportParameters? parameters, out string? error)
    {
        parameters = null;
        MediaDescription? media = description.Media.FirstOrDefault(m => !m.IsRejected);
        if (media is null)
        {
            error = "no accepted m= section carries ICE and DTLS parameters";
            return false;
        }

        string? ufrag = description.IceUfragFor(media);
        string? pwd = description.IcePwdFor(media);
        // RFC 8839 §5.4: ufrag 4..256 and pwd 22..256 ice-chars (ALPHA / DIGIT / "+" / "/").
        if (ufrag is null || ufrag.Length is < 4 or > 256 || !IsIceChars(ufrag) || pwd is null || pwd.Length is < 22 or > 256 || !IsIceChars(pwd))
        {
            error = "missing or malformed a=ice-ufrag / a=ice-pwd";
            return false;
        }

        var fingerprints = new List<DtlsFingerprint>();
        foreach (string value in description.FingerprintsFor(media))
        {
            if (DtlsFingerprint.TryParse(value, out DtlsFingerprint? fingerprint, out _) && fingerprint is not null) fingerprints.Add(fingerprint);
        }

        if (fingerprints.Count == 0)
        {
            error = "no usable a=fingerprint (RFC 8122 §5)";
            return false;
        }

        parameters = new RemoteTransportParameters(ufrag, pwd, fingerprints);
        error = null;
        return true;
    }

    private static bool IsIceChars(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/');
}
