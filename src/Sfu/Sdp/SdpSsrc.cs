using System.Globalization;

namespace RedConnect.Sfu.Sdp;

/// <summary>a=ssrc (RFC 5576 §4.1): <c>ssrc-id SP attribute[:value]</c>, e.g. "1467857120 cname:sYWRd0aveqvKaBV1".</summary>
public sealed record SdpSsrcAttribute(uint Ssrc, string Attribute, string? Value)
{
    public static bool TryParse(string? value, out SdpSsrcAttribute? ssrc, out string? error)
    {
        ssrc = null;
        string[] parts = (value ?? string.Empty).Split(' ', 2);
        if (parts.Length != 2 || !SdpText.TryParseUInt32(parts[0], out uint id) || parts[1].Length == 0)
        {
            error = "ssrc must be 'ssrc-id attribute[:value]'";
            return false;
        }

        int colon = parts[1].IndexOf(':');
        ssrc = colon < 0
            ? new SdpSsrcAttribute(id, parts[1], null)
            : new SdpSsrcAttribute(id, parts[1][..colon], parts[1][(colon + 1)..]);
        error = null;
        return true;
    }

    public override string ToString() =>
        Ssrc.ToString(CultureInfo.InvariantCulture) + " " + Attribute + (Value is null ? string.Empty : ":" + Value);
}

/// <summary>a=ssrc-group (RFC 5576 §4.2): semantics and SSRCs; "FID primary rtx" pairs a stream with its RTX (RFC 4588 §8).</summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    public static bool TryParse(string? value, out SdpSsrcGroup? group, out string? error)
    {
        group = null;
        string[] parts = (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            error = "ssrc-group must be 'semantics ssrc…'";
            return false;
        }

        var ssrcs = new uint[parts.Length - 1];
        for (int i = 1; i < parts.Length; i++)
        {
            if (!SdpText.TryParseUInt32(parts[i], out ssrcs[i - 1]))
            {
                error = "ssrc-group SSRCs must be 32-bit numbers";
                return false;
            }
        }

        group = new SdpSsrcGroup(parts[0], ssrcs);
        error = null;
        return true;
    }

    public override string ToString() =>
        Semantics + " " + string.Join(' ', Ssrcs.Select(s => s.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>a=rid (RFC 8851 §10): <c>rid-id SP ("send" / "recv") [SP restrictions]</c>.</summary>
public sealed record SdpRid(string Id, string Direction, string? Restrictions)
{
    public static bool TryParse(string? value, out SdpRid? rid, out string? error)
    {
        rid = null;
        string[] parts = (value ?? string.Empty).Split(' ', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1] is not ("send" or "recv"))
        {
            error = "rid must be 'id send|recv [restrictions]'";
            return false;
        }

        rid = new SdpRid(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        error = null;
        return true;
    }

    public override string ToString() => Id + " " + Direction + (Restrictions is null ? string.Empty : " " + Restrictions);
}

/// <summary>
/// a=simulcast (RFC 8853 §5.1): <c>send q;h;f</c> and/or <c>recv …</c>; each stream is a list of
/// alternative rids (','), a leading '~' marks a paused one. Parsed for the SFU, written back verbatim.
/// </summary>
public sealed record SdpSimulcast(string Value, IReadOnlyList<IReadOnlyList<string>> Send, IReadOnlyList<IReadOnlyList<string>> Receive)
{
    public static bool TryParse(string? value, out SdpSimulcast? simulcast, out string? error)
    {
        simulcast = null;
        string[] parts = (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (2 or 4))
        {
            error = "simulcast must be 'send|recv streams [send|recv streams]'";
            return false;
        }

        IReadOnlyList<IReadOnlyList<string>> send = [];
        IReadOnlyList<IReadOnlyList<string>> receive = [];
        for (int i = 0; i < parts.Length; i += 2)
        {
            IReadOnlyList<IReadOnlyList<string>> streams =
                parts[i + 1].Split(';').Select(s => (IReadOnlyList<string>)s.Split(',')).ToArray();
            if (streams.Any(alternatives => alternatives.Any(rid => rid.TrimStart('~').Length == 0)))
            {
                error = "simulcast rid lists must not be empty";
                return false;
            }

            switch (parts[i])
            {
                case "send" when send.Count == 0: send = streams; break;
                case "recv" when receive.Count == 0: receive = streams; break;
                default:
                    error = "simulcast direction must be send or recv, once each";
                    return false;
            }
        }

        simulcast = new SdpSimulcast(value!, send, receive);
        error = null;
        return true;
    }

    public override string ToString() => Value;
}
