using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace RedConnect.Turn.Options;

/// <summary>
/// One coturn <c>external-ip</c> entry: the public address announced to clients, and optionally the
/// private (local relay) address it maps to. "public" alone means: announce it for every relay address.
/// </summary>
public sealed record ExternalIpMapping(IPAddress Public, IPAddress? Private)
{
    /// <summary>Parses "public" or "public/private" (IPv4 or IPv6 literals). Never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ExternalIpMapping? mapping)
    {
        mapping = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var slash = span.IndexOf('/');
        if (slash < 0)
        {
            if (!IPAddress.TryParse(span, out var alone))
            {
                return false;
            }

            mapping = new ExternalIpMapping(alone, null);
            return true;
        }

        if (!IPAddress.TryParse(span[..slash].Trim(), out var pub) ||
            !IPAddress.TryParse(span[(slash + 1)..].Trim(), out var priv))
        {
            return false;
        }

        mapping = new ExternalIpMapping(pub, priv);
        return true;
    }

    public override string ToString() => Private is null ? Public.ToString() : $"{Public}/{Private}";
}
