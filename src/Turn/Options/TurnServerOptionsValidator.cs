using System.Net;
using System.Text;
using RedConnect.Turn.Auth;
using RedConnect.Turn.Security;

namespace RedConnect.Turn.Options;

/// <summary>
/// Start-up validation of <see cref="TurnServerOptions"/>: one clear message per bad value, empty when
/// the engine may start. Messages use coturn's option names in parentheses so an operator finds the line.
/// Secrets and passwords never appear in a message.
/// </summary>
public static class TurnServerOptionsValidator
{
    // RFC 8489 §14.9 / §14.14: REALM and SOFTWARE are fewer than 128 characters.
    private const int MaxRealmChars = 127;
    private const int MaxSoftwareChars = 127;

    public static IReadOnlyList<string> Validate(TurnServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        ValidateListeners(options, errors);
        ValidateAddresses(options, errors);
        ValidateRelayPorts(options, errors);
        ValidateTls(options, errors);
        ValidateCredentials(options, errors);
        ValidateLimits(options, errors);

        if (options.Software.Length > MaxSoftwareChars)
        {
            errors.Add($"Software must be fewer than 128 characters (RFC 8489 §14.14), got {options.Software.Length}.");
        }

        return errors;
    }

    private static void ValidateListeners(TurnServerOptions o, List<string> errors)
    {
        CheckPort(o.ListeningPort, "ListeningPort (listening-port)", errors);
        CheckPort(o.AltListeningPort, "AltListeningPort (alt-listening-port)", errors);
        CheckPort(o.TlsListeningPort, "TlsListeningPort (tls-listening-port)", errors);
        CheckPort(o.AltTlsListeningPort, "AltTlsListeningPort (alt-tls-listening-port)", errors);

        if (o.NoUdp && o.NoTcp && (o.NoTls || !o.TlsEnabled()))
        {
            errors.Add("No listener left: UDP, TCP and TLS are all switched off (no-udp, no-tcp, no-tls).");
        }

        var plain = new[] { o.ListeningPort, o.AltListeningPort };
        var tls = o.NoTls ? [] : new[] { o.TlsListeningPort, o.AltTlsListeningPort };
        var all = plain.Concat(tls).ToArray();
        if (all.Distinct().Count() != all.Length)
        {
            errors.Add($"Listening ports must differ from each other, got {string.Join(", ", all)} " +
                "(listening-port, alt-listening-port, tls-listening-port, alt-tls-listening-port).");
        }
    }

    private static void ValidateAddresses(TurnServerOptions o, List<string> errors)
    {
        foreach (var ip in o.ListeningIPs)
        {
            if (!IPAddress.TryParse(ip.AsSpan().Trim(), out _))
            {
                errors.Add($"ListeningIPs (listening-ip): '{ip}' is not an IP address.");
            }
        }

        foreach (var ip in o.RelayIPs)
        {
            if (!IPAddress.TryParse(ip.AsSpan().Trim(), out var relay))
            {
                errors.Add($"RelayIPs (relay-ip): '{ip}' is not an IP address.");
            }
            else if (relay.Equals(IPAddress.Any) || relay.Equals(IPAddress.IPv6Any))
            {
                errors.Add($"RelayIPs (relay-ip): '{ip}' is a wildcard; a relay address must be one local address.");
            }
        }

        foreach (var ip in o.ExternalIPs)
        {
            if (!ExternalIpMapping.TryParse(ip, out _))
            {
                errors.Add($"ExternalIPs (external-ip): '{ip}' is not 'public-ip' or 'public-ip/private-ip'.");
            }
        }

        foreach (var r in o.DeniedPeerRanges)
        {
            if (!IpRange.TryParse(r, out _))
            {
                errors.Add($"DeniedPeerRanges (denied-peer-ip): '{r}' is not an address, 'first-last' range or CIDR block.");
            }
        }

        foreach (var r in o.AllowedPeerRanges)
        {
            if (!IpRange.TryParse(r, out _))
            {
                errors.Add($"AllowedPeerRanges (allowed-peer-ip): '{r}' is not an address, 'first-last' range or CIDR block.");
            }
        }
    }

    private static void ValidateRelayPorts(TurnServerOptions o, List<string> errors)
    {
        CheckPort(o.MinPort, "MinPort (min-port)", errors);
        CheckPort(o.MaxPort, "MaxPort (max-port)", errors);
        if (o.MinPort > o.MaxPort)
        {
            errors.Add($"MinPort (min-port) {o.MinPort} is greater than MaxPort (max-port) {o.MaxPort}.");
        }
    }

    private static void ValidateTls(TurnServerOptions o, List<string> errors)
    {
        var hasCert = !string.IsNullOrWhiteSpace(o.CertificatePath);
        var hasKey = !string.IsNullOrWhiteSpace(o.PrivateKeyPath);
        if (o.NoTls)
        {
            return;
        }

        if (hasCert != hasKey)
        {
            errors.Add(hasCert
                ? "CertificatePath (cert) is set but PrivateKeyPath (pkey) is not; TLS needs both."
                : "PrivateKeyPath (pkey) is set but CertificatePath (cert) is not; TLS needs both.");
            return;
        }

        if (hasCert && !File.Exists(o.CertificatePath))
        {
            errors.Add($"CertificatePath (cert): file '{o.CertificatePath}' not found.");
        }

        if (hasKey && !File.Exists(o.PrivateKeyPath))
        {
            errors.Add($"PrivateKeyPath (pkey): file '{o.PrivateKeyPath}' not found.");
        }
    }

    private static void ValidateCredentials(TurnServerOptions o, List<string> errors)
    {
        if (!o.LongTermCredentials && !o.UseAuthSecret)
        {
            errors.Add("No credential mechanism: enable LongTermCredentials (lt-cred-mech) with StaticUsers (user=), " +
                "or UseAuthSecret (use-auth-secret) with StaticAuthSecrets (static-auth-secret). Anonymous relaying is not offered.");
            return;
        }

        if (string.IsNullOrWhiteSpace(o.Realm))
        {
            errors.Add("Realm (realm) is required with long-term or shared-secret credentials (RFC 8489 §9.2).");
        }
        else
        {
            if (o.Realm.Length > MaxRealmChars || Encoding.UTF8.GetByteCount(o.Realm) > 763)
            {
                errors.Add("Realm (realm) must be fewer than 128 characters and at most 763 bytes (RFC 8489 §14.9).");
            }

            if (o.Realm.Any(char.IsControl) || o.Realm.Contains('"'))
            {
                errors.Add("Realm (realm) must not contain control characters or quotes.");
            }
        }

        if (o.UseAuthSecret && o.StaticAuthSecrets.Count == 0)
        {
            errors.Add("UseAuthSecret (use-auth-secret) needs at least one StaticAuthSecrets entry (static-auth-secret).");
        }

        if (o.StaticAuthSecrets.Any(string.IsNullOrEmpty))
        {
            errors.Add("StaticAuthSecrets (static-auth-secret): an entry is empty.");
        }

        if (!o.UseAuthSecret && o.StaticUsers.Count == 0)
        {
            errors.Add("LongTermCredentials (lt-cred-mech) is on but no StaticUsers (user=name:password) are defined, so nobody could authenticate.");
        }

        foreach (var (name, secret) in o.StaticUsers)
        {
            if (string.IsNullOrEmpty(name) || name.Any(char.IsControl) || Encoding.UTF8.GetByteCount(name) > 508)
            {
                errors.Add($"StaticUsers (user): user name '{Printable(name)}' is empty, too long (RFC 8489 §14.3: 508 bytes) or has control characters.");
            }

            if (string.IsNullOrEmpty(secret))
            {
                errors.Add($"StaticUsers (user): user '{Printable(name)}' has an empty password.");
            }
            else if (LongTermKey.LooksLikeCoturnHex(secret) && !LongTermKey.TryParseCoturnHex(secret, out _))
            {
                errors.Add($"StaticUsers (user): the key of user '{Printable(name)}' starts with 0x but is not 32 hex digits (an MD5 HA1 key).");
            }
        }
    }

    private static void ValidateLimits(TurnServerOptions o, List<string> errors)
    {
        NonNegative(o.UserQuota, "UserQuota (user-quota)", errors);
        NonNegative(o.TotalQuota, "TotalQuota (total-quota)", errors);
        if (o.MaxBps < 0)
        {
            errors.Add($"MaxBps (max-bps) must be 0 (unlimited) or positive, got {o.MaxBps}.");
        }

        Positive(o.StaleNonceSeconds, "StaleNonceSeconds (stale-nonce)", errors);
        Positive(o.MaxAllocateLifetimeSeconds, "MaxAllocateLifetimeSeconds (max-allocate-lifetime)", errors);
        Positive(o.DefaultLifetimeSeconds, "DefaultLifetimeSeconds", errors);
        Positive(o.PermissionLifetimeSeconds, "PermissionLifetimeSeconds (permission-lifetime)", errors);
        Positive(o.ChannelLifetimeSeconds, "ChannelLifetimeSeconds (channel-lifetime)", errors);
        if (o.DefaultLifetimeSeconds > 0 && o.MaxAllocateLifetimeSeconds > 0 &&
            o.DefaultLifetimeSeconds > o.MaxAllocateLifetimeSeconds)
        {
            errors.Add($"DefaultLifetimeSeconds {o.DefaultLifetimeSeconds} exceeds MaxAllocateLifetimeSeconds (max-allocate-lifetime) {o.MaxAllocateLifetimeSeconds}.");
        }
    }

    private static void CheckPort(int port, string name, List<string> errors)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"{name} must be a port between 1 and 65535, got {port}.");
        }
    }

    private static void NonNegative(int value, string name, List<string> errors)
    {
        if (value < 0)
        {
            errors.Add($"{name} must be 0 (unlimited) or positive, got {value}.");
        }
    }

    private static void Positive(int value, string name, List<string> errors)
    {
        if (value <= 0)
        {
            errors.Add($"{name} must be a positive number of seconds, got {value}.");
        }
    }

    private static string Printable(string text) =>
        new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
