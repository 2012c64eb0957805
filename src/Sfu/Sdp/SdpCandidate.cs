using System.Globalization;
using System.Text;

namespace RedConnect.Sfu.Sdp;

/// <summary>
/// a=candidate (RFC 8839 §5.1): <c>foundation SP component-id SP transport SP priority SP
/// connection-address SP port SP "typ" SP cand-type [SP "raddr" SP addr] [SP "rport" SP port]
/// *(SP extension-att-name SP extension-att-value)</c>. tcptype (RFC 6544 §4.5) and browser
/// extensions (generation, network-id, network-cost, ufrag) are name/value pairs kept in order.
/// </summary>
public sealed class SdpCandidate
{
    public SdpCandidate(
        string foundation,
        int component,
        string transport,
        uint priority,
        string address,
        int port,
        string type,
        IReadOnlyList<KeyValuePair<string, string>>? extensions = null)
    {
        Foundation = foundation;
        Component = component;
        Transport = transport;
        Priority = priority;
        Address = address;
        Port = port;
        Type = type;
        Extensions = extensions ?? [];
    }

    public string Foundation { get; }

    /// <summary>1 = RTP, 2 = RTCP (absent with rtcp-mux).</summary>
    public int Component { get; }

    /// <summary>As written ("udp", "UDP", "tcp"); compare case-insensitively.</summary>
    public string Transport { get; }

    public uint Priority { get; }

    /// <summary>An IP address or an mDNS ".local" name.</summary>
    public string Address { get; }

    public int Port { get; }

    /// <summary>host, srflx, prflx or relay (RFC 8445 §5.1.1).</summary>
    public string Type { get; }

    /// <summary>Everything after the candidate type as name/value pairs, in order: raddr, rport, tcptype, generation, …</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; }

    public bool IsUdp => Transport.Equals("udp", StringComparison.OrdinalIgnoreCase);

    public string? RelatedAddress => Extension("raddr");

    public int? RelatedPort => Extension("rport") is string p && SdpText.TryParsePort(p, out int port) ? port : null;

    /// <summary>active, passive or so (RFC 6544 §4.5); null for UDP.</summary>
    public string? TcpType => Extension("tcptype");

    public string? Extension(string name)
    {
        foreach (KeyValuePair<string, string> pair in Extensions)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>Parses the attribute value; a leading "candidate:" (the trickle form) is accepted too.</summary>
    public static bool TryParse(string? value, out SdpCandidate? candidate, out string? error)
    {
        candidate = null;
        string text = value ?? string.Empty;
        if (text.StartsWith("candidate:", StringComparison.Ordinal))
        {
            text = text["candidate:".Length..];
        }

        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8)
        {
            error = "candidate needs foundation, component, transport, priority, address, port and 'typ type'";
            return false;
        }

        // RFC 8839 §5.1: foundation = 1*32 ice-char.
        if (parts[0].Length > 32 || !parts[0].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
        {
            error = "candidate foundation must be 1-32 ice-chars";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int component) || component is < 1 or > 256)
        {
            error = "candidate component-id must be 1-256";
            return false;
        }

        if (!SdpText.TryParseUInt32(parts[3], out uint priority))
        {
            error = "candidate priority must be a 32-bit number";
            return false;
        }

        if (!SdpText.TryParsePort(parts[5], out int port))
        {
            error = "candidate port must be 0-65535";
            return false;
        }

        if (parts[6] != "typ")
        {
            error = "candidate must have 'typ' after the port";
            return false;
        }

        if ((parts.Length - 8) % 2 != 0)
        {
            error = "candidate extensions must be name/value pairs";
            return false;
        }

        var extensions = new List<KeyValuePair<string, string>>((parts.Length - 8) / 2);
        for (int i = 8; i < parts.Length; i += 2)
        {
            if (parts[i] == "rport" && !SdpText.TryParsePort(parts[i + 1], out _))
            {
                error = "candidate rport must be 0-65535";
                return false;
            }

            extensions.Add(new KeyValuePair<string, string>(parts[i], parts[i + 1]));
        }

        candidate = new SdpCandidate(parts[0], component, parts[2], priority, parts[4], port, parts[7], extensions);
        error = null;
        return true;
    }

    /// <summary>A host candidate for our single media port, with the RFC 8445 §5.1.2.1 priority for host (type 126).</summary>
    public static SdpCandidate Host(string foundation, string address, int port, string transport = "udp", int localPreference = 65535) =>
        new(foundation, 1, transport, (uint)((126 << 24) | (localPreference << 8) | (256 - 1)), address, port, "host");

    public override string ToString()
    {
        var builder = new StringBuilder(96);
        builder.Append(Foundation).Append(' ')
            .Append(Component.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Transport).Append(' ')
            .Append(Priority.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Address).Append(' ')
            .Append(Port.ToString(CultureInfo.InvariantCulture)).Append(" typ ")
            .Append(Type);
        foreach (KeyValuePair<string, string> pair in Extensions)
        {
            builder.Append(' ').Append(pair.Key).Append(' ').Append(pair.Value);
        }

        return builder.ToString();
    }
}
