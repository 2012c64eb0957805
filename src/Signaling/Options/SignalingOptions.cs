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

    /// <summary>Largest relayed payload (an SDP with many candidates is ~5–10 KB).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    public JoinRateLimitOptions RateLimit { get; set; } = new();
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
