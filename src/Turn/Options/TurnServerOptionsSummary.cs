using System.Globalization;
using RedConnect.Turn.Security;

namespace RedConnect.Turn.Options;

/// <summary>
/// The start-up summary an operator reads first: listeners, relay range, realm, auth mode, peer policy.
/// Never contains a secret, a password or a key — only counts of them.
/// </summary>
public static class TurnServerOptionsSummary
{
    public static IReadOnlyList<string> Describe(TurnServerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var lines = new List<string>();
        var addresses = string.Join(", ", o.GetListeningAddresses());

        var listeners = new List<string>();
        if (!o.NoUdp) listeners.Add($"UDP {o.ListeningPort}" + (o.NoRfc5780 ? string.Empty : $"+{o.AltListeningPort}"));
        if (!o.NoTcp) listeners.Add($"TCP {o.ListeningPort}" + (o.NoRfc5780 ? string.Empty : $"+{o.AltListeningPort}"));
        if (o.TlsEnabled()) listeners.Add($"TLS {o.TlsListeningPort}+{o.AltTlsListeningPort}");
        lines.Add($"listeners: {(listeners.Count == 0 ? "none" : string.Join(", ", listeners))} on {addresses}");
        if (!o.NoTls && !o.TlsEnabled())
        {
            lines.Add("TLS: off (no cert/pkey configured)");
        }

        lines.Add($"RFC 5780 behaviour discovery: {(o.NoRfc5780 ? "off" : "on")}");

        var relay = o.RelayIPs.Count == 0 ? "address the client reached" : string.Join(", ", o.RelayIPs);
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"relay: {relay}, UDP ports {o.MinPort}-{o.MaxPort} ({o.MaxPort - o.MinPort + 1} ports)"));
        if (o.ExternalIPs.Count > 0)
        {
            lines.Add($"external addresses: {string.Join(", ", o.GetExternalMappings())}");
        }

        lines.Add($"realm: {(string.IsNullOrEmpty(o.Realm) ? "(none)" : o.Realm)}");
        var auth = new List<string>();
        if (o.UseAuthSecret) auth.Add($"shared secret (use-auth-secret, {o.StaticAuthSecrets.Count} secret(s))");
        if (o.LongTermCredentials) auth.Add($"long-term (lt-cred-mech, {o.StaticUsers.Count} static user(s))");
        lines.Add($"auth: {(auth.Count == 0 ? "none" : string.Join(" + ", auth))}; nonce lifetime {o.StaleNonceSeconds} s");

        var policy = PeerAddressPolicy.FromOptions(o);
        lines.Add($"peer policy: deny private, loopback, link-local, CGNAT, reserved, documentation" +
                  (o.NoMulticastPeers ? ", multicast" : string.Empty) +
                  $" ({policy.DeniedRanges.Count} ranges)" +
                  (o.AllowLoopbackPeers ? "; LOOPBACK PEERS ALLOWED (tests only)" : string.Empty) +
                  (o.AllowedPeerRanges.Count > 0 ? $"; allowed: {string.Join(", ", o.AllowedPeerRanges)}" : string.Empty) +
                  (o.DeniedPeerRanges.Count > 0 ? $"; extra denied: {string.Join(", ", o.DeniedPeerRanges)}" : string.Empty));

        lines.Add($"limits: user quota {Unlimited(o.UserQuota)}, total quota {Unlimited(o.TotalQuota)}, " +
                  $"max bps {Unlimited(o.MaxBps)}, max lifetime {o.MaxAllocateLifetimeSeconds} s");
        lines.Add($"fingerprint: {(o.Fingerprint ? "on" : "off")}, SOFTWARE attribute: {(o.NoSoftwareAttribute ? "off" : "on")}");
        return lines;
    }

    private static string Unlimited(long value) =>
        value == 0 ? "unlimited" : value.ToString(CultureInfo.InvariantCulture);
}
