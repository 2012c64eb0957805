using System.Collections.Frozen;

namespace RedConnect.Turn.Config;

/// <summary>
/// Every option name coturn 4.6 knows (its long options table, <c>turnserver --help</c> and the
/// packaged <c>/etc/turnserver.conf</c>), so rc-turn can tell "a coturn option we do not implement"
/// (accepted with a warning, an operator's file keeps working) from "not a coturn option" (an error).
/// </summary>
internal static class CoturnOptionNames
{
    /// <summary>Known options that take a value (getopt required_argument).</summary>
    public static readonly FrozenSet<string> WithRequiredValue = FrozenSet.ToFrozenSet(
    [
        "listening-device", "listening-port", "tls-listening-port", "alt-listening-port", "alt-tls-listening-port",
        "tcp-proxy-port", "listening-ip", "relay-device", "relay-ip", "external-ip", "relay-threads", "min-port",
        "max-port", "user", "userdb", "db", "psql-userdb", "sql-userdb", "mysql-userdb", "mongo-userdb",
        "redis-userdb", "redis-statsdb", "static-auth-secret", "realm", "server-name", "user-quota", "total-quota",
        "max-bps", "bps-capacity", "cert", "pkey", "pkey-pwd", "log-file", "new-log-timestamp-format", "aux-server",
        "alternate-server", "tls-alternate-server", "rest-api-separator", "max-allocate-timeout", "allowed-peer-ip",
        "denied-peer-ip", "cipher-list", "pidfile", "CA-file", "dh-file", "proc-user", "proc-group", "cli-ip",
        "cli-port", "cli-password", "web-admin-ip", "web-admin-port", "cli-max-output-sessions", "ec-curve-name",
        "ne", "secret-key-file", "allocation-default-address-family", "acme-redirect", "syslog-facility",
    ], StringComparer.Ordinal);

    /// <summary>Known options that are flags or take an optional "=value" (getopt optional_argument).</summary>
    public static readonly FrozenSet<string> WithOptionalValue = FrozenSet.ToFrozenSet(
    [
        "lt-cred-mech", "no-auth", "prometheus", "prometheus-port", "prometheus-address", "prometheus-username-labels",
        "use-auth-secret", "no-auth-pings", "no-dynamic-ip-list", "no-dynamic-realms", "oauth", "verbose", "Verbose",
        "daemon", "no-software-attribute", "software-attribute", "fingerprint", "check-origin-consistency", "no-udp",
        "no-tcp", "no-tls", "no-dtls", "no-udp-relay", "no-tcp-relay", "stale-nonce", "max-allocate-lifetime",
        "channel-lifetime", "permission-lifetime", "stun-only", "no-stun", "raw-public-keys", "no-stdout-log",
        "syslog", "simple-log", "new-log-timestamp", "udp-self-balance", "no-multicast-peers", "allow-loopback-peers",
        "secure-stun", "mobility", "no-cli", "web-admin", "web-admin-listen-on-workers", "server-relay", "dh566",
        "dh1066", "no-tlsv1", "no-tlsv1_1", "no-tlsv1_2", "keep-address-family", "log-binding", "no-rfc5780",
        "no-stun-backward-compatibility", "response-origin-only-with-rfc5780", "respond-http-unsupported", "version",
    ], StringComparer.Ordinal);

    /// <summary>coturn's short command-line options → long names (getopt string of turnserver).</summary>
    public static readonly FrozenDictionary<char, string> Short = new Dictionary<char, string>
    {
        ['d'] = "listening-device", ['p'] = "listening-port", ['L'] = "listening-ip", ['i'] = "relay-device",
        ['E'] = "relay-ip", ['X'] = "external-ip", ['m'] = "relay-threads", ['v'] = "verbose", ['V'] = "Verbose",
        ['o'] = "daemon", ['f'] = "fingerprint", ['a'] = "lt-cred-mech", ['z'] = "no-auth", ['u'] = "user",
        ['b'] = "userdb", ['e'] = "psql-userdb", ['M'] = "mysql-userdb", ['J'] = "mongo-userdb",
        ['N'] = "redis-userdb", ['O'] = "redis-statsdb", ['q'] = "user-quota", ['Q'] = "total-quota",
        ['s'] = "max-bps", ['B'] = "bps-capacity", ['S'] = "stun-only", ['C'] = "rest-api-separator",
        ['K'] = "keep-address-family", ['A'] = "allocation-default-address-family", ['l'] = "log-file",
        ['r'] = "realm",
    }.ToFrozenDictionary();

    public static bool IsKnown(string name) => WithRequiredValue.Contains(name) || WithOptionalValue.Contains(name);
}
