using System.Reflection;

namespace RedConnect.Turn.Host;

internal static class Usage
{
    public static string Version =>
        typeof(Usage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public const string Text = """
        Usage: rc-turn [-c turnserver.conf] [options]

        Reads coturn's turnserver.conf syntax; the same options work on the command line as
        --name=value or --name value. The command line overrides single-valued file options.

          -c FILE                       configuration file (none is read without -c)
          -n                            ignore -c, take everything from the command line
          -L, --listening-ip IP         listen address (repeatable; default all interfaces)
          -p, --listening-port PORT     UDP/TCP port (3478); --alt-listening-port (3479)
          --tls-listening-port PORT     TLS port (5349); --alt-tls-listening-port (5350)
          -E, --relay-ip IP             relay address (repeatable)
          -X, --external-ip PUB[/PRIV]  public address mapping when behind NAT (repeatable)
          --min-port, --max-port        relay port range (49152-65535)
          -r, --realm REALM             realm for long-term credentials
          -a, --lt-cred-mech            long-term credentials; -u, --user NAME:PASS|NAME:0xKEY
          --use-auth-secret             time-limited credentials; --static-auth-secret SECRET (repeatable)
          -f, --fingerprint             FINGERPRINT on responses
          --cert FILE, --pkey FILE      PEM certificate and key for TLS
          --denied-peer-ip R, --allowed-peer-ip R   peer ranges: IP, IP-IP or CIDR (repeatable)
          --allow-loopback-peers        allow 127.0.0.0/8 and ::1 peers (tests only)
          --no-multicast-peers[=off]    deny multicast peers (on by default)
          -q, --user-quota N; -Q, --total-quota N; -s, --max-bps N   (0 = unlimited)
          --stale-nonce[=SECONDS]       nonce lifetime (600)
          --max-allocate-lifetime S     (3600); --channel-lifetime S (600); --permission-lifetime S (300)
          --no-udp --no-tcp --no-tls --no-dtls --no-rfc5780 --no-software-attribute
          -l, --log-file FILE           also log to FILE ("stdout" or "-" for standard output)
          --pidfile FILE                write the process id to FILE
          -v, --verbose                 debug logging
          -h, --help; --version

        Other coturn options are accepted and ignored with one warning; unknown options are errors.
        Exit codes: 0 ok, 1 configuration error, 2 runtime failure.

        """;
}
