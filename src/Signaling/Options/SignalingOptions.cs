namespace RedConnect.Signaling.Options;

/// <summary>
/// Settings of the call signaling (section <c>Signaling</c>). Validated at start-up by
/// <see cref="SignalingOptionsValidator"/>.
/// </summary>
public sealed class SignalingOptions
{
    public const string SectionName = "Signaling";

    /// <summary>How long before the planned start a code already admits its holder (PRODUCT.md F8).</summary>
    public int EarlyJoinMinutes { get; set; } = 30;

    /// <summary>STUN/TURN servers handed to the browsers at join. Empty on one machine.</summary>
    public List<IceServerOptions> IceServers { get; set; } = [];

    /// <summary>
    /// <c>all</c> (default): browsers use direct paths where they can and our TURN server otherwise. <c>relay</c>: every
    /// call goes through TURN, so neither side ever learns the other's IP addresses — for practices that promise
    /// patients exactly that — at the cost of relay bandwidth.
    /// </summary>
    public string IceTransportPolicy { get; set; } = "all";

    /// <summary>Largest relayed payload (an SDP with many candidates is ~5–10 KB).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    public JoinRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Our TURN server(s): every member of a room gets its own time-limited credentials at join.</summary>
    public TurnCredentialOptions Turn { get; set; } = new();
}

/// <summary>
/// Time-limited TURN credentials minted per join with the shared secret of coturn's <c>use-auth-secret</c>
/// scheme, so the same secret works with our rc-turn and with coturn (ARCHITECTURE.md).
/// </summary>
public sealed class TurnCredentialOptions
{
    /// <summary>
    /// TURN URLs handed to browsers, e.g. <c>turn:turn.example.org:3478?transport=udp</c>. <c>{host}</c> is replaced by
    /// the host name the browser used to reach the portal, which is what an all-in-one installation wants. Empty:
    /// no TURN server is announced.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>The shared secret (coturn <c>static-auth-secret</c>). Required when <see cref="Urls"/> is not empty.</summary>
    public string? Secret { get; set; }

    /// <summary>How long minted credentials stay valid (coturn checks the expiry in the username at each request).</summary>
    public int CredentialLifetimeMinutes { get; set; } = 12 * 60;
}

public sealed class IceServerOptions
{
    public List<string> Urls { get; set; } = [];
    public string? Username { get; set; }
    public string? Credential { get; set; }
}

/// <summary>
/// Limits on failed code attempts (unknown or malformed codes). See <see cref="RateLimiting.JoinAttemptLimiter"/>
/// for why these numbers make guessing a code hopeless.
/// </summary>
public sealed class JoinRateLimitOptions
{
    /// <summary>Failed attempts one client address (IPv4, or IPv6 /64) may make within <see cref="PerAddressWindowSeconds"/>.</summary>
    public int PerAddressFailures { get; set; } = 10;

    public int PerAddressWindowSeconds { get; set; } = 60;

    /// <summary>How long an address that exceeded its budget is refused outright.</summary>
    public int PerAddressBlockMinutes { get; set; } = 15;

    /// <summary>Failed attempts from all addresses together within <see cref="GlobalWindowMinutes"/>.</summary>
    public int GlobalFailures { get; set; } = 1000;

    public int GlobalWindowMinutes { get; set; } = 60;
}
