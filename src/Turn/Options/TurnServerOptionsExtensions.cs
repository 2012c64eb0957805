using System.Net;

namespace RedConnect.Turn.Options;

/// <summary>
/// Typed views of the string-valued address options, for the engine. Call only after
/// <see cref="TurnServerOptionsValidator"/> reported no errors: unparsable entries are skipped here.
/// </summary>
public static class TurnServerOptionsExtensions
{
    /// <summary>Listening addresses; all interfaces (0.0.0.0 and ::) when none are configured.</summary>
    public static IReadOnlyList<IPAddress> GetListeningAddresses(this TurnServerOptions options)
    {
        var parsed = ParseAll(options.ListeningIPs);
        return parsed.Count > 0 ? parsed : [IPAddress.Any, IPAddress.IPv6Any];
    }

    /// <summary>Relay addresses; empty means "the local address the client reached".</summary>
    public static IReadOnlyList<IPAddress> GetRelayAddresses(this TurnServerOptions options) =>
        ParseAll(options.RelayIPs);

    public static IReadOnlyList<ExternalIpMapping> GetExternalMappings(this TurnServerOptions options)
    {
        var result = new List<ExternalIpMapping>(options.ExternalIPs.Count);
        foreach (var text in options.ExternalIPs)
        {
            if (ExternalIpMapping.TryParse(text, out var mapping))
            {
                result.Add(mapping);
            }
        }

        return result;
    }

    /// <summary>True when TLS listeners should start: not switched off and a certificate is configured.</summary>
    public static bool TlsEnabled(this TurnServerOptions options) =>
        !options.NoTls && !string.IsNullOrEmpty(options.CertificatePath) && !string.IsNullOrEmpty(options.PrivateKeyPath);

    private static List<IPAddress> ParseAll(List<string> texts)
    {
        var result = new List<IPAddress>(texts.Count);
        foreach (var text in texts)
        {
            if (IPAddress.TryParse(text.AsSpan().Trim(), out var address))
            {
                result.Add(address);
            }
        }

        return result;
    }
}
