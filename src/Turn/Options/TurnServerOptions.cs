namespace RedConnect.Turn.Options;

/// <summary>
/// Everything the TURN engine is configured with. Settable properties and string-typed addresses so
/// the .NET options pattern (appsettings.json, environment, command line) binds it directly; the
/// coturn-syntax <c>turnserver.conf</c> parser fills the same class. Defaults follow RFC 8656 and
/// coturn so an operator's expectations carry over; validate with <see cref="TurnServerOptionsValidator"/>.
/// </summary>
public sealed class TurnServerOptions
{
    /// <summary>Configuration section name for the options pattern.</summary>
    public const string SectionName = "Turn";

    // ---- listeners -------------------------------------------------------------------------

    /// <summary>Addresses to listen on. Empty = all interfaces (0.0.0.0 and ::), as coturn does.</summary>
    public List<string> ListeningIPs { get; set; } = [];

    /// <summary>UDP and TCP port for STUN/TURN (RFC 8656 §4: 3478).</summary>
    public int ListeningPort { get; set; } = 3478;

    /// <summary>Alternate port for RFC 5780 behaviour discovery (coturn: listening port + 1).</summary>
    public int AltListeningPort { get; set; } = 3479;

    /// <summary>TLS port (RFC 8656 §4: 5349).</summary>
    public int TlsListeningPort { get; set; } = 5349;

    /// <summary>Alternate TLS port (coturn: TLS port + 1).</summary>
    public int AltTlsListeningPort { get; set; } = 5350;

    public bool NoUdp { get; set; }
    public bool NoTcp { get; set; }
    public bool NoTls { get; set; }
    public bool NoDtls { get; set; }

    /// <summary>Disables RFC 5780 behaviour discovery (OTHER-ADDRESS, RESPONSE-ORIGIN) on the alternate port.</summary>
    public bool NoRfc5780 { get; set; }

    /// <summary>PEM certificate (chain) for TLS listeners.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key for <see cref="CertificatePath"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    // ---- relay -----------------------------------------------------------------------------

    /// <summary>Local addresses relay sockets bind to. Empty = the address the client reached us on.</summary>
    public List<string> RelayIPs { get; set; } = [];

    /// <summary>
    /// Addresses announced in XOR-RELAYED-ADDRESS when behind NAT: "public" or "public/private"
    /// (coturn's <c>external-ip</c>). See <see cref="ExternalIpMapping"/>.
    /// </summary>
    public List<string> ExternalIPs { get; set; } = [];

    /// <summary>Lowest relay port (RFC 8656 §7.2: dynamic range 49152–65535 by default).</summary>
    public int MinPort { get; set; } = 49152;

    /// <summary>Highest relay port.</summary>
    public int MaxPort { get; set; } = 65535;

    // ---- credentials -----------------------------------------------------------------------

    /// <summary>REALM for the long-term credential mechanism (RFC 8489 §9.2).</summary>
    public string? Realm { get; set; }

    /// <summary>Long-term credentials (RFC 8489 §9.2) required for Allocate and the other TURN requests.</summary>
    public bool LongTermCredentials { get; set; }

    /// <summary>Time-limited "TURN REST API" credentials (coturn <c>use-auth-secret</c>).</summary>
    public bool UseAuthSecret { get; set; }

    /// <summary>Shared secrets: the first mints, all are accepted (lets operators rotate).</summary>
    public List<string> StaticAuthSecrets { get; set; } = [];

    /// <summary>
    /// Static users: name → password, or name → "0x" + 32 hex digits, the HA1 key
    /// MD5(name:realm:password) as coturn's <c>user=name:0xkey</c>.
    /// </summary>
    public Dictionary<string, string> StaticUsers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Add FINGERPRINT (RFC 8489 §14.7) to every response.</summary>
    public bool Fingerprint { get; set; }

    /// <summary>Seconds a NONCE stays valid before 438 Stale Nonce (RFC 8489 §9.2.4).</summary>
    public int StaleNonceSeconds { get; set; } = 600;

    // ---- peer policy -----------------------------------------------------------------------

    /// <summary>Extra denied peer ranges (coturn <c>denied-peer-ip</c>; also CIDR). Added to the built-in deny list.</summary>
    public List<string> DeniedPeerRanges { get; set; } = [];

    /// <summary>Allowed peer ranges (coturn <c>allowed-peer-ip</c>). Override both deny lists.</summary>
    public List<string> AllowedPeerRanges { get; set; } = [];

    /// <summary>Allow 127.0.0.0/8 and ::1 as peers. For tests only.</summary>
    public bool AllowLoopbackPeers { get; set; }

    /// <summary>Deny multicast peers (224.0.0.0/4, ff00::/8). On by default, unlike coturn.</summary>
    public bool NoMulticastPeers { get; set; } = true;

    // ---- quotas and lifetimes --------------------------------------------------------------

    /// <summary>Concurrent allocations per username; 0 = unlimited (486 Allocation Quota Reached when exceeded).</summary>
    public int UserQuota { get; set; }

    /// <summary>Concurrent allocations in total; 0 = unlimited (486 when exceeded).</summary>
    public int TotalQuota { get; set; }

    /// <summary>Bytes per second per allocation, each direction; 0 = unlimited.</summary>
    public long MaxBps { get; set; }

    /// <summary>Largest LIFETIME granted (RFC 8656 §7.2; coturn default 3600).</summary>
    public int MaxAllocateLifetimeSeconds { get; set; } = 3600;

    /// <summary>Lifetime when the client asks for none (RFC 8656 §2.2: 10 minutes).</summary>
    public int DefaultLifetimeSeconds { get; set; } = 600;

    /// <summary>Permission lifetime (RFC 8656 §9: 300 s; do not change in production).</summary>
    public int PermissionLifetimeSeconds { get; set; } = 300;

    /// <summary>Channel binding lifetime (RFC 8656 §12: 10 minutes).</summary>
    public int ChannelLifetimeSeconds { get; set; } = 600;

    // ---- process ---------------------------------------------------------------------------

    /// <summary>Omit the SOFTWARE attribute (RFC 8489 §14.14) so the server version is not disclosed.</summary>
    public bool NoSoftwareAttribute { get; set; }

    /// <summary>SOFTWARE attribute value (fewer than 128 characters).</summary>
    public string Software { get; set; } = "RedConnect rc-turn";

    /// <summary>Log file; null = stderr only. "stdout" / "-" log to standard output as coturn does.</summary>
    public string? LogFile { get; set; }

    /// <summary>File to write the process id into; removed on clean shutdown.</summary>
    public string? PidFile { get; set; }

    /// <summary>Debug-level logging (coturn <c>-v</c>).</summary>
    public bool Verbose { get; set; }
}
