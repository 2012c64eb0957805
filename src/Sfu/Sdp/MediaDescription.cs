using System.Globalization;
using System.Text;

namespace RedConnect.Sfu.Sdp;

/// <summary>
/// One m= section (RFC 8866 §5.14) with its c=, other lines and attributes in order. Typed accessors
/// read the attributes on demand, so what we do not model still round-trips unchanged.
/// </summary>
public sealed class MediaDescription
{
    public MediaDescription(string kind, int port, string protocol, IEnumerable<string> formats)
    {
        Kind = kind;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>audio, video, application (RFC 8866 §5.14).</summary>
    public string Kind { get; set; }

    /// <summary>0 rejects the section (RFC 3264 §6, RFC 8843 §7.3.3 for bundled sections).</summary>
    public int Port { get; set; }

    /// <summary>The optional "/number of ports" part of m=.</summary>
    public int? PortCount { get; set; }

    /// <summary>UDP/TLS/RTP/SAVPF for WebRTC media (RFC 5764 §8), UDP/DTLS/SCTP for data.</summary>
    public string Protocol { get; set; }

    /// <summary>Payload types for RTP (as text), "webrtc-datachannel" for SCTP.</summary>
    public List<string> Formats { get; }

    public SdpConnection? Connection { get; set; }

    /// <summary>i=, b=, k= lines of this section.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    public List<SdpAttribute> Attributes { get; } = [];

    public bool IsRtp => Protocol.Contains("RTP", StringComparison.Ordinal);

    public bool IsRejected => Port == 0;

    public string? Mid => Attribute("mid");

    /// <summary>The direction attribute; sendrecv when absent (RFC 8866 §6.7).</summary>
    public SdpDirection Direction
    {
        get
        {
            foreach (SdpAttribute attribute in Attributes)
            {
                if (attribute.Value is null && SdpDirections.TryParse(attribute.Name, out SdpDirection direction))
                {
                    return direction;
                }
            }

            return SdpDirection.SendRecv;
        }
    }

    public string? Msid => Attribute("msid");

    public bool RtcpMux => HasFlag("rtcp-mux");

    public bool RtcpReducedSize => HasFlag("rtcp-rsize");

    public bool EndOfCandidates => HasFlag("end-of-candidates");

    public string? IceUfrag => Attribute("ice-ufrag");

    public string? IcePwd => Attribute("ice-pwd");

    /// <summary>All a=fingerprint values ("sha-256 AB:…"); RFC 8122 §5 allows several.</summary>
    public IReadOnlyList<string> Fingerprints => Values("fingerprint");

    public SdpSetup? Setup => SdpSetups.TryParse(Attribute("setup"), out SdpSetup setup) ? setup : null;

    public IReadOnlyList<SdpRtpMap> RtpMaps => Typed<SdpRtpMap>("rtpmap", SdpRtpMap.TryParse);

    public IReadOnlyList<SdpFmtp> Fmtps => Typed<SdpFmtp>("fmtp", SdpFmtp.TryParse);

    public IReadOnlyList<SdpRtcpFeedback> RtcpFeedback => Typed<SdpRtcpFeedback>("rtcp-fb", SdpRtcpFeedback.TryParse);

    public IReadOnlyList<SdpExtmap> Extmaps => Typed<SdpExtmap>("extmap", SdpExtmap.TryParse);

    public IReadOnlyList<SdpCandidate> Candidates => Typed<SdpCandidate>("candidate", SdpCandidate.TryParse);

    public IReadOnlyList<SdpSsrcAttribute> Ssrcs => Typed<SdpSsrcAttribute>("ssrc", SdpSsrcAttribute.TryParse);

    public IReadOnlyList<SdpSsrcGroup> SsrcGroups => Typed<SdpSsrcGroup>("ssrc-group", SdpSsrcGroup.TryParse);

    public IReadOnlyList<SdpRid> Rids => Typed<SdpRid>("rid", SdpRid.TryParse);

    public SdpSimulcast? Simulcast => Typed<SdpSimulcast>("simulcast", SdpSimulcast.TryParse).FirstOrDefault();

    /// <summary>The first value of an attribute, or null (also null for a flag).</summary>
    public string? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    public IReadOnlyList<string> Values(string name) =>
        Attributes.Where(a => a.Name == name && a.Value is not null).Select(a => a.Value!).ToArray();

    public bool HasFlag(string name) => Attributes.Any(a => a.Name == name);

    /// <summary>Appends an attribute; returns this for chaining in builders.</summary>
    public MediaDescription Add(string name, string? value = null)
    {
        Attributes.Add(new SdpAttribute(name, value));
        return this;
    }

    /// <summary>Appends a typed attribute via its SDP text.</summary>
    public MediaDescription Add(string name, object value) => Add(name, value.ToString());

    /// <summary>The m= value: <c>media SP port["/"number] SP proto 1*(SP fmt)</c>.</summary>
    public string MediaLineValue()
    {
        var builder = new StringBuilder();
        builder.Append(Kind).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (PortCount is int count)
        {
            builder.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        builder.Append(' ').Append(Protocol);
        foreach (string format in Formats)
        {
            builder.Append(' ').Append(format);
        }

        return builder.ToString();
    }

    private delegate bool Parser<T>(string? value, out T? result, out string? error);

    private IReadOnlyList<T> Typed<T>(string name, Parser<T> parse)
        where T : class
    {
        var result = new List<T>();
        foreach (SdpAttribute attribute in Attributes)
        {
            if (attribute.Name == name && parse(attribute.Value, out T? parsed, out _))
            {
                result.Add(parsed!);
            }
        }

        return result;
    }
}
