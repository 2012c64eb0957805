using System.Globalization;

namespace RedConnect.Sfu.Sdp;

/// <summary>a=rtpmap (RFC 8866 §6.6): <c>payload-type SP encoding-name/clock-rate[/channels]</c>.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels)
{
    public static bool TryParse(string? value, out SdpRtpMap? rtpMap, out string? error)
    {
        rtpMap = null;
        string[] parts = (value ?? string.Empty).Split(' ', 2);
        if (parts.Length != 2 || !SdpText.TryParsePayloadType(parts[0], out int payloadType))
        {
            error = "rtpmap must start with a payload type 0-127";
            return false;
        }

        string[] encoding = parts[1].Split('/');
        if (encoding.Length is < 2 or > 3 || encoding[0].Length == 0
            || !int.TryParse(encoding[1], NumberStyles.None, CultureInfo.InvariantCulture, out int clockRate) || clockRate <= 0)
        {
            error = "rtpmap encoding must be name/clock-rate[/channels]";
            return false;
        }

        int? channels = null;
        if (encoding.Length == 3)
        {
            if (!int.TryParse(encoding[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count is <= 0 or > 255)
            {
                error = "rtpmap channels must be a small positive number";
                return false;
            }

            channels = count;
        }

        rtpMap = new SdpRtpMap(payloadType, encoding[0], clockRate, channels);
        error = null;
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}") + (Channels is int c ? "/" + c.ToString(CultureInfo.InvariantCulture) : string.Empty);
}

/// <summary>a=fmtp (RFC 8866 §6.15): <c>format SP format-specific-parameters</c>, usually <c>k=v;k=v</c>.</summary>
public sealed record SdpFmtp(int PayloadType, string Parameters)
{
    public static bool TryParse(string? value, out SdpFmtp? fmtp, out string? error)
    {
        fmtp = null;
        string[] parts = (value ?? string.Empty).Split(' ', 2);
        if (parts.Length != 2 || !SdpText.TryParsePayloadType(parts[0], out int payloadType))
        {
            error = "fmtp must be 'payload-type parameters'";
            return false;
        }

        fmtp = new SdpFmtp(payloadType, parts[1]);
        error = null;
        return true;
    }

    /// <summary>The ';'-separated key=value pairs (keys case-insensitive; a bare token such as "0-15" has an empty value).</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => ParseParameters(Parameters);

    public static IReadOnlyDictionary<string, string> ParseParameters(string parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = pair.IndexOf('=');
            string key = equals < 0 ? pair : pair[..equals].Trim();
            result[key] = equals < 0 ? string.Empty : pair[(equals + 1)..].Trim();
        }

        return result;
    }

    public override string ToString() => PayloadType.ToString(CultureInfo.InvariantCulture) + " " + Parameters;
}

/// <summary>a=rtcp-fb (RFC 4585 §4.2): <c>(payload-type / "*") SP type [SP parameter]</c>, e.g. "96 nack pli".</summary>
public sealed record SdpRtcpFeedback(int? PayloadType, string Type, string? Parameter)
{
    public static bool TryParse(string? value, out SdpRtcpFeedback? feedback, out string? error)
    {
        feedback = null;
        string[] parts = (value ?? string.Empty).Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length == 0)
        {
            error = "rtcp-fb must be 'payload-type type [parameter]'";
            return false;
        }

        int? payloadType = null;
        if (parts[0] != "*")
        {
            if (!SdpText.TryParsePayloadType(parts[0], out int pt))
            {
                error = "rtcp-fb payload type must be 0-127 or '*'";
                return false;
            }

            payloadType = pt;
        }

        feedback = new SdpRtcpFeedback(payloadType, parts[1], parts.Length == 3 ? parts[2] : null);
        error = null;
        return true;
    }

    /// <summary>"nack", "nack pli", "ccm fir", "goog-remb", "transport-cc".</summary>
    public string Kind => Parameter is null ? Type : Type + " " + Parameter;

    public override string ToString() =>
        (PayloadType?.ToString(CultureInfo.InvariantCulture) ?? "*") + " " + Kind;
}

/// <summary>a=extmap (RFC 8285 §8): <c>id["/"direction] SP uri [SP extension-attributes]</c>.</summary>
public sealed record SdpExtmap(int Id, SdpDirection? Direction, string Uri, string? Attributes)
{
    public static bool TryParse(string? value, out SdpExtmap? extmap, out string? error)
    {
        extmap = null;
        string[] parts = (value ?? string.Empty).Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length == 0)
        {
            error = "extmap must be 'id[/direction] uri'";
            return false;
        }

        string idText = parts[0];
        SdpDirection? direction = null;
        int slash = idText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpDirections.TryParse(idText[(slash + 1)..], out SdpDirection parsed))
            {
                error = "extmap direction must be sendrecv, sendonly, recvonly or inactive";
                return false;
            }

            direction = parsed;
            idText = idText[..slash];
        }

        // RFC 8285 §5: 1-14 for one-byte headers, up to 255 with two-byte headers (4096-4351 is reserved for answers, unused).
        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id is < 1 or > 255)
        {
            error = "extmap id must be 1-255";
            return false;
        }

        extmap = new SdpExtmap(id, direction, parts[1], parts.Length == 3 ? parts[2] : null);
        error = null;
        return true;
    }

    public override string ToString() =>
        Id.ToString(CultureInfo.InvariantCulture)
        + (Direction is SdpDirection d ? "/" + SdpDirections.ToSdp(d) : string.Empty)
        + " " + Uri
        + (Attributes is null ? string.Empty : " " + Attributes);
}

internal static class SdpText
{
    public static bool TryParsePayloadType(string text, out int payloadType) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out payloadType) && payloadType is >= 0 and <= 127;

    public static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;

    public static bool TryParseUInt32(string text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
