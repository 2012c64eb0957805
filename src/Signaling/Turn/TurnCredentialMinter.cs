using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RedConnect.Signaling.Hubs;
using RedConnect.Signaling.Options;
using RedConnect.Turn.Auth;

namespace RedConnect.Signaling.Turn;

/// <summary>
/// Gives each room member its own TURN credentials at join (PRODUCT.md F23): username
/// <c>"&lt;unix expiry&gt;:&lt;random id&gt;"</c>, password <c>base64(HMAC-SHA1(secret, username))</c>. The id is random
/// per join and says nothing about the practice, the appointment or the patient; the TURN server learns only that
/// the holder was admitted by our signaling until the expiry.
/// </summary>
public sealed class TurnCredentialMinter(IOptionsMonitor<SignalingOptions> options, TimeProvider time)
{
    /// <summary>The TURN entry for <c>RTCPeerConnection.iceServers</c>, or null when no TURN server is configured.</summary>
    public IceServer? Mint(string? requestHost)
    {
        var turn = options.CurrentValue.Turn;
        if (turn.Urls.Count == 0 || string.IsNullOrEmpty(turn.Secret)) return null;

        var host = FormatHost(requestHost);
        var urls = turn.Urls.Select(u => u.Replace("{host}", host, StringComparison.Ordinal)).ToList();
        var expiry = time.GetUtcNow().AddMinutes(turn.CredentialLifetimeMinutes);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var (username, password) = TurnRestCredentials.Mint(turn.Secret, expiry, id);
        return new IceServer(urls, username, password);
    }

    // A bare IPv6 literal must be bracketed inside a turn: URL (RFC 7065 §3.1).
    private static string FormatHost(string? host) =>
        string.IsNullOrEmpty(host) ? "localhost" : host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
