using System.Globalization;
using System.Net;
using RedConnect.Turn.Options;
using RedConnect.Turn.Security;

namespace RedConnect.Turn.Config;

/// <summary>
/// Applies one coturn option (name, optional value) to <see cref="TurnServerOptions"/>: the subset of
/// issue 3 item 3 is implemented, other coturn options are collected for one warning, anything else is
/// an error. Values are checked here so an error can name the file and line it came from.
/// </summary>
internal sealed class CoturnOptionApplier
{
    private readonly List<string> _errors;
    private readonly List<string> _ignored = [];
    private bool _ltCredMechExplicit;

    public CoturnOptionApplier(TurnServerOptions options, List<string> errors)
    {
        Options = options;
        _errors = errors;
    }

    public TurnServerOptions Options { get; }

    /// <summary>coturn options seen but not implemented, in first-seen order, without duplicates.</summary>
    public IReadOnlyList<string> Ignored => _ignored;

    /// <param name="where">"file:line" or "command line", prefixed to every error.</param>
    public void Apply(string name, string? value, string where)
    {
        var o = Options;
        switch (name)
        {
            case "listening-ip": AddAddress(o.ListeningIPs, name, value, where); break;
            case "relay-ip": AddAddress(o.RelayIPs, name, value, where); break;
            case "external-ip":
                if (Required(name, value, where) is { } ext)
                {
                    if (ExternalIpMapping.TryParse(ext, out _)) o.ExternalIPs.Add(ext);
                    else Invalid(name, ext, "expected 'public-ip' or 'public-ip/private-ip'", where);
                }
                break;
            case "listening-port": Port(name, value, where, p => o.ListeningPort = p); break;
            case "alt-listening-port": Port(name, value, where, p => o.AltListeningPort = p); break;
            case "tls-listening-port": Port(name, value, where, p => o.TlsListeningPort = p); break;
            case "alt-tls-listening-port": Port(name, value, where, p => o.AltTlsListeningPort = p); break;
            case "min-port": Port(name, value, where, p => o.MinPort = p); break;
            case "max-port": Port(name, value, where, p => o.MaxPort = p); break;
            case "realm":
                if (Required(name, value, where) is { } realm) o.Realm = realm;
                break;
            case "use-auth-secret": Flag(name, value, where, b => o.UseAuthSecret = b); break;
            case "static-auth-secret":
                if (Required(name, value, where) is { } secret) o.StaticAuthSecrets.Add(secret);
                break;
            case "user": User(value, where); break;
            case "lt-cred-mech":
                Flag(name, value, where, b => o.LongTermCredentials = b);
                _ltCredMechExplicit = true;
                break;
            case "fingerprint": Flag(name, value, where, b => o.Fingerprint = b); break;
            case "cert":
                if (Required(name, value, where) is { } cert) o.CertificatePath = cert;
                break;
            case "pkey":
                if (Required(name, value, where) is { } pkey) o.PrivateKeyPath = pkey;
                break;
            case "denied-peer-ip": AddRange(o.DeniedPeerRanges, name, value, where); break;
            case "allowed-peer-ip": AddRange(o.AllowedPeerRanges, name, value, where); break;
            case "allow-loopback-peers": Flag(name, value, where, b => o.AllowLoopbackPeers = b); break;
            case "no-multicast-peers": Flag(name, value, where, b => o.NoMulticastPeers = b); break;
            case "user-quota": Int(name, value, where, 0, v => o.UserQuota = v); break;
            case "total-quota": Int(name, value, where, 0, v => o.TotalQuota = v); break;
            case "max-bps":
                if (Required(name, value, where) is { } bps)
                {
                    if (long.TryParse(bps, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) o.MaxBps = b;
                    else Invalid(name, bps, "expected a number of bytes per second (0 = unlimited)", where);
                }
                break;
            // RFC 8489 §9.2.4; a bare "stale-nonce" keeps coturn's 600 s.
            case "stale-nonce": Int(name, value ?? "600", where, 1, v => o.StaleNonceSeconds = v); break;
            case "max-allocate-lifetime": Int(name, value, where, 1, v => o.MaxAllocateLifetimeSeconds = v); break;
            case "channel-lifetime": Int(name, value, where, 1, v => o.ChannelLifetimeSeconds = v); break;
            case "permission-lifetime": Int(name, value, where, 1, v => o.PermissionLifetimeSeconds = v); break;
            case "no-udp": Flag(name, value, where, b => o.NoUdp = b); break;
            case "no-tcp": Flag(name, value, where, b => o.NoTcp = b); break;
            case "no-tls": Flag(name, value, where, b => o.NoTls = b); break;
            case "no-dtls": Flag(name, value, where, b => o.NoDtls = b); break;
            case "no-rfc5780": Flag(name, value, where, b => o.NoRfc5780 = b); break;
            case "no-software-attribute": Flag(name, value, where, b => o.NoSoftwareAttribute = b); break;
            case "software-attribute": Flag(name, value, where, b => o.NoSoftwareAttribute = !b); break;
            case "verbose":
            case "Verbose": Flag(name, value, where, b => o.Verbose = b); break;
            case "log-file":
                if (Required(name, value, where) is { } log) o.LogFile = log;
                break;
            case "pidfile":
                if (Required(name, value, where) is { } pid) o.PidFile = pid;
                break;
            default:
                if (CoturnOptionNames.IsKnown(name))
                {
                    if (!_ignored.Contains(name)) _ignored.Add(name);
                }
                else
                {
                    _errors.Add($"{where}: unknown option '{Printable(name)}'");
                }
                break;
        }
    }

    /// <summary>
    /// coturn: users without an explicit mechanism imply the long-term credential mechanism, and
    /// use-auth-secret is itself a long-term mechanism (the password is derived, then used as usual).
    /// </summary>
    public void Finish()
    {
        if (!_ltCredMechExplicit && !Options.LongTermCredentials && Options.StaticUsers.Count > 0)
        {
            Options.LongTermCredentials = true;
        }
    }

    private void User(string? value, string where)
    {
        if (Required("user", value, where) is not { } user)
        {
            return;
        }

        var colon = user.IndexOf(':');
        if (colon <= 0 || colon == user.Length - 1)
        {
            // Never echo the value: it carries a password.
            _errors.Add($"{where}: invalid value for 'user': expected 'name:password' or 'name:0x<md5 key>'");
            return;
        }

        Options.StaticUsers[user[..colon]] = user[(colon + 1)..];
    }

    private void AddAddress(List<string> target, string name, string? value, string where)
    {
        if (Required(name, value, where) is not { } text)
        {
            return;
        }

        if (IPAddress.TryParse(text, out _) && (text.Contains(':') || text.Count(c => c == '.') == 3))
        {
            target.Add(text);
        }
        else
        {
            Invalid(name, text, "expected an IPv4 or IPv6 address", where);
        }
    }

    private void AddRange(List<string> target, string name, string? value, string where)
    {
        if (Required(name, value, where) is not { } text)
        {
            return;
        }

        if (IpRange.TryParse(text, out _)) target.Add(text);
        else Invalid(name, text, "expected an address, 'first-last' range or CIDR block", where);
    }

    private void Port(string name, string? value, string where, Action<int> set)
    {
        if (Required(name, value, where) is not { } text)
        {
            return;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            set(port);
        }
        else
        {
            Invalid(name, text, "expected a port number 1-65535", where);
        }
    }

    private void Int(string name, string? value, string where, int min, Action<int> set)
    {
        if (Required(name, value, where) is not { } text)
        {
            return;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min)
        {
            set(number);
        }
        else
        {
            Invalid(name, text, min == 0 ? "expected a whole number >= 0" : $"expected a whole number >= {min}", where);
        }
    }

    private void Flag(string name, string? value, string where, Action<bool> set)
    {
        if (TryParseBool(value, out var on))
        {
            set(on);
        }
        else
        {
            Invalid(name, value ?? string.Empty, "expected on/off, yes/no, true/false or 1/0", where);
        }
    }

    /// <summary>coturn's get_bool_value: empty = on; 0/n/f/off = off; y/t/digit 1-9/on = on.</summary>
    internal static bool TryParseBool(string? value, out bool on)
    {
        on = true;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        switch (char.ToLowerInvariant(value[0]))
        {
            case '0' or 'n' or 'f':
                on = false;
                return true;
            case 'y' or 't' or (>= '1' and <= '9'):
                return true;
        }

        if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            on = false;
            return true;
        }

        return value.Equals("on", StringComparison.OrdinalIgnoreCase);
    }

    private string? Required(string name, string? value, string where)
    {
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        _errors.Add($"{where}: option '{name}' needs a value");
        return null;
    }

    private void Invalid(string name, string value, string expected, string where) =>
        _errors.Add($"{where}: invalid value '{Printable(value)}' for '{name}': {expected}");

    // Echo at most 64 printable characters of hostile input.
    private static string Printable(string text)
    {
        var clipped = text.Length > 64 ? text[..64] + "…" : text;
        return new string(clipped.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
