using System.Globalization;

namespace RedConnect.Sfu.Sdp;

/// <summary>
/// Parses SDP (RFC 8866 §5) without throwing. Structure (v, o, s, t, c, m) is checked, and so are the
/// attributes the SFU acts on (rtpmap, fmtp, rtcp-fb, extmap, candidate, ssrc, ssrc-group, rid,
/// simulcast, group, setup, fingerprint, mid); every other line is kept verbatim. Errors name the line.
/// </summary>
public static class SdpParser
{
    /// <summary>Refuse anything larger: a browser offer with dozens of tracks is well under this.</summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>Refuse descriptions with more lines than this.</summary>
    public const int MaxLines = 8192;

    private delegate string? Validator(string? value);

    private static readonly Dictionary<string, Validator> Validators = new(StringComparer.Ordinal)
    {
        ["rtpmap"] = v => SdpRtpMap.TryParse(v, out _, out string? e) ? null : e,
        ["fmtp"] = v => SdpFmtp.TryParse(v, out _, out string? e) ? null : e,
        ["rtcp-fb"] = v => SdpRtcpFeedback.TryParse(v, out _, out string? e) ? null : e,
        ["extmap"] = v => SdpExtmap.TryParse(v, out _, out string? e) ? null : e,
        ["candidate"] = v => SdpCandidate.TryParse(v, out _, out string? e) ? null : e,
        ["ssrc"] = v => SdpSsrcAttribute.TryParse(v, out _, out string? e) ? null : e,
        ["ssrc-group"] = v => SdpSsrcGroup.TryParse(v, out _, out string? e) ? null : e,
        ["rid"] = v => SdpRid.TryParse(v, out _, out string? e) ? null : e,
        ["simulcast"] = v => SdpSimulcast.TryParse(v, out _, out string? e) ? null : e,
        ["group"] = v => SdpGroup.TryParse(v, out _, out string? e) ? null : e,
        ["setup"] = v => SdpSetups.TryParse(v, out _) ? null : "setup must be actpass, active, passive or holdconn",
        ["fingerprint"] = v => v is not null && v.IndexOf(' ') > 0 && v.IndexOf(' ') < v.Length - 1 ? null : "fingerprint must be 'hash-func fingerprint'",
        ["mid"] = v => string.IsNullOrEmpty(v) ? "mid must not be empty" : null,
        ["ice-ufrag"] = v => string.IsNullOrEmpty(v) || v.Length > 256 ? "ice-ufrag must be 1-256 characters" : null,
        ["ice-pwd"] = v => string.IsNullOrEmpty(v) || v.Length > 256 ? "ice-pwd must be 1-256 characters" : null,
    };

    /// <summary>Parses <paramref name="text"/>; on failure returns false and an error with the line number.</summary>
    public static bool TryParse(string? text, out SessionDescription? description, out SdpParseError? error)
    {
        description = null;
        error = Parse(text, out SessionDescription? parsed);
        if (error is null)
        {
            description = parsed;
            return true;
        }

        return false;
    }

    private static SdpParseError? Parse(string? text, out SessionDescription? description)
    {
        description = null;
        if (string.IsNullOrEmpty(text))
        {
            return new SdpParseError(1, "empty SDP: expected v=0");
        }

        if (text.Length > MaxLength)
        {
            return new SdpParseError(0, $"SDP larger than {MaxLength} characters");
        }

        string[] lines = text.Split('\n');
        int count = lines.Length;
        // A final line end leaves one empty element, which is not a line.
        if (lines[^1].Length == 0 || lines[^1] == "\r")
        {
            count--;
        }

        if (count > MaxLines)
        {
            return new SdpParseError(MaxLines + 1, $"SDP has more than {MaxLines} lines");
        }

        var session = new SessionDescription();
        MediaDescription? media = null;
        bool seenOrigin = false, seenName = false;
        for (int index = 0; index < count; index++)
        {
            int number = index + 1;
            string line = lines[index].EndsWith('\r') ? lines[index][..^1] : lines[index];

            // RFC 8866 §5: <type>=<value>, type a single lower-case letter.
            if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
            {
                return new SdpParseError(number, "expected '<type>=<value>'");
            }

            char type = line[0];
            string value = line[2..];
            if (index == 0)
            {
                if (type != 'v' || value != "0")
                {
                    return new SdpParseError(1, "SDP must start with v=0");
                }

                continue;
            }

            SdpParseError? lineError = type switch
            {
                'v' => new SdpParseError(number, "v= only allowed on the first line"),
                'o' => ParseOrigin(session, media, value, number, ref seenOrigin),
                's' => ParseName(session, media, value, number, ref seenName),
                't' => ParseTiming(session, media, value, number),
                'c' => ParseConnection(session, media, value, number),
                'm' => ParseMedia(session, value, number, seenOrigin && seenName, out media),
                'a' => ParseAttribute(session, media, value, number),
                _ => AddOther(session, media, type, value),
            };

            if (lineError is not null)
            {
                return lineError;
            }
        }

        if (!seenOrigin || !seenName || session.Timings.Count == 0)
        {
            return new SdpParseError(count + 1, "SDP needs o=, s= and t= lines");
        }

        description = session;
        return null;
    }

    private static SdpParseError? ParseOrigin(SessionDescription session, MediaDescription? media, string value, int number, ref bool seen)
    {
        if (media is not null || seen)
        {
            return new SdpParseError(number, "o= must appear once, at session level");
        }

        if (!SdpOrigin.TryParse(value, out SdpOrigin? origin, out string? error))
        {
            return new SdpParseError(number, error!);
        }

        session.Origin = origin!;
        seen = true;
        return null;
    }

    private static SdpParseError? ParseName(SessionDescription session, MediaDescription? media, string value, int number, ref bool seen)
    {
        if (media is not null || seen)
        {
            return new SdpParseError(number, "s= must appear once, at session level");
        }

        session.SessionName = value;
        seen = true;
        return null;
    }

    private static SdpParseError? ParseTiming(SessionDescription session, MediaDescription? media, string value, int number)
    {
        string[] parts = value.Split(' ');
        if (media is not null || parts.Length != 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return new SdpParseError(number, "t= must be 'start stop' at session level");
        }

        session.Timings.Add(value);
        return null;
    }

    private static SdpParseError? ParseConnection(SessionDescription session, MediaDescription? media, string value, int number)
    {
        if (!SdpConnection.TryParse(value, out SdpConnection? connection, out string? error))
        {
            return new SdpParseError(number, error!);
        }

        if ((media?.Connection ?? (media is null ? session.Connection : null)) is not null)
        {
            return new SdpParseError(number, "only one c= per section");
        }

        if (media is null)
        {
            session.Connection = connection;
        }
        else
        {
            media.Connection = connection;
        }

        return null;
    }

    private static SdpParseError? ParseMedia(SessionDescription session, string value, int number, bool headerComplete, out MediaDescription? media)
    {
        media = null;
        if (!headerComplete || session.Timings.Count == 0)
        {
            return new SdpParseError(number, "m= before the session's o=, s= and t= lines");
        }

        // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
        string[] parts = value.Split(' ');
        if (parts.Length < 4 || parts.Any(string.IsNullOrEmpty))
        {
            return new SdpParseError(number, "m= must be 'media port proto fmt…'");
        }

        string portText = parts[1];
        int? portCount = null;
        int slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(portText[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            {
                return new SdpParseError(number, "m= port count must be a positive number");
            }

            portCount = n;
            portText = portText[..slash];
        }

        if (!SdpText.TryParsePort(portText, out int port))
        {
            return new SdpParseError(number, "m= port must be 0-65535");
        }

        media = new MediaDescription(parts[0], port, parts[2], parts[3..]) { PortCount = portCount };
        if (media.IsRtp && parts[3..].Any(f => !SdpText.TryParsePayloadType(f, out _)))
        {
            return new SdpParseError(number, "RTP m= formats must be payload types 0-127");
        }

        session.Media.Add(media);
        return null;
    }

    private static SdpParseError? ParseAttribute(SessionDescription session, MediaDescription? media, string value, int number)
    {
        if (value.Length == 0)
        {
            return new SdpParseError(number, "empty attribute");
        }

        SdpAttribute attribute = SdpAttribute.FromLine(value);
        if (Validators.TryGetValue(attribute.Name, out Validator? validate) && validate(attribute.Value) is string error)
        {
            return new SdpParseError(number, $"a={attribute.Name}: {error}");
        }

        (media?.Attributes ?? session.Attributes).Add(attribute);
        return null;
    }

    private static SdpParseError? AddOther(SessionDescription session, MediaDescription? media, char type, string value)
    {
        (media?.OtherLines ?? session.OtherLines).Add(new SdpLine(type, value));
        return null;
    }
}
