namespace RedConnect.Sfu.Sdp;

/// <summary>
/// An SDP session description (RFC 8866) as WebRTC Unified Plan uses it (RFC 8829): session-level
/// lines and attributes, then one <see cref="MediaDescription"/> per m= section. Parse with
/// <see cref="SdpParser.TryParse"/>, write with <see cref="ToString"/> (CRLF line ends, RFC 8866 §5).
/// </summary>
public sealed class SessionDescription
{
    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = new("-", "0", "0", "IN", "IP4", "127.0.0.1");

    public string SessionName { get; set; } = "-";

    /// <summary>t= values ("0 0" for WebRTC); at least one (RFC 8866 §5.9).</summary>
    public List<string> Timings { get; } = [];

    public SdpConnection? Connection { get; set; }

    /// <summary>i=, u=, e=, p=, b=, r=, z=, k= lines at session level.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    public List<SdpAttribute> Attributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    /// <summary>a=group:BUNDLE mids (RFC 8843 §7.1), or empty.</summary>
    public IReadOnlyList<string> BundleMids =>
        Groups.FirstOrDefault(g => g.Semantics == "BUNDLE")?.Mids ?? [];

    public IReadOnlyList<SdpGroup> Groups =>
        Attributes.Where(a => a.Name == "group")
            .Select(a => SdpGroup.TryParse(a.Value, out SdpGroup? g, out _) ? g : null)
            .OfType<SdpGroup>()
            .ToArray();

    public bool IceLite => Attributes.Any(a => a.Name == "ice-lite");

    public bool ExtmapAllowMixed => Attributes.Any(a => a.Name == "extmap-allow-mixed");

    public string? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    public SessionDescription Add(string name, string? value = null)
    {
        Attributes.Add(new SdpAttribute(name, value));
        return this;
    }

    public MediaDescription? FindMedia(string mid) => Media.FirstOrDefault(m => m.Mid == mid);

    /// <summary>ICE ufrag for a section: the media-level value, else the session-level one (RFC 8839 §5.4).</summary>
    public string? IceUfragFor(MediaDescription media) => media.IceUfrag ?? Attribute("ice-ufrag");

    public string? IcePwdFor(MediaDescription media) => media.IcePwd ?? Attribute("ice-pwd");

    /// <summary>Fingerprints for a section: media-level, else session-level (RFC 8122 §5).</summary>
    public IReadOnlyList<string> FingerprintsFor(MediaDescription media) =>
        media.Fingerprints.Count > 0
            ? media.Fingerprints
            : Attributes.Where(a => a.Name == "fingerprint" && a.Value is not null).Select(a => a.Value!).ToArray();

    public SdpSetup? SetupFor(MediaDescription media) =>
        media.Setup ?? (SdpSetups.TryParse(Attribute("setup"), out SdpSetup setup) ? setup : null);

    public override string ToString() => SdpWriter.Write(this);
}
