using System.Text;

namespace RedConnect.Sfu.Sdp;

/// <summary>Writes a <see cref="SessionDescription"/> with CRLF line ends in RFC 8866 §5's line order.</summary>
public static class SdpWriter
{
    private const string Crlf = "\r\n";

    public static string Write(SessionDescription session)
    {
        var builder = new StringBuilder(4096);
        Line(builder, 'v', session.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(builder, 'o', session.Origin.ToString());
        Line(builder, 's', session.SessionName);

        // RFC 8866 §5: v o s [i] [u] [e] [p] [c] [b] t [r] [z] [k] [a] m…
        Others(builder, session.OtherLines, "iuep");
        if (session.Connection is not null)
        {
            Line(builder, 'c', session.Connection.ToString());
        }

        Others(builder, session.OtherLines, "b");
        foreach (string timing in session.Timings.DefaultIfEmpty("0 0"))
        {
            Line(builder, 't', timing);
        }

        Others(builder, session.OtherLines, "rzk");
        foreach (SdpAttribute attribute in session.Attributes)
        {
            Line(builder, 'a', attribute.ToString());
        }

        foreach (MediaDescription media in session.Media)
        {
            // m [i] [c] [b] [k] [a]
            Line(builder, 'm', media.MediaLineValue());
            Others(builder, media.OtherLines, "i");
            if (media.Connection is not null)
            {
                Line(builder, 'c', media.Connection.ToString());
            }

            Others(builder, media.OtherLines, "bk");
            foreach (SdpAttribute attribute in media.Attributes)
            {
                Line(builder, 'a', attribute.ToString());
            }
        }

        return builder.ToString();
    }

    private static void Others(StringBuilder builder, List<SdpLine> lines, string types)
    {
        foreach (SdpLine line in lines)
        {
            if (types.Contains(line.Type, StringComparison.Ordinal))
            {
                Line(builder, line.Type, line.Value);
            }
        }
    }

    private static void Line(StringBuilder builder, char type, string value) =>
        builder.Append(type).Append('=').Append(value).Append(Crlf);
}
