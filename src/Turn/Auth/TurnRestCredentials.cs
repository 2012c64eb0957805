using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RedConnect.Turn.Auth;

/// <summary>
/// Time-limited credentials shared between whoever mints them (our signaling) and the TURN server,
/// the scheme of draft-uberti-behave-turn-rest-00 that coturn implements as <c>use-auth-secret</c>:
/// username = "&lt;unix expiry&gt;:&lt;opaque id&gt;" (or just "&lt;unix expiry&gt;"),
/// password = base64(HMAC-SHA1(secret, username)). The password then enters the ordinary long-term
/// credential mechanism (RFC 8489 §9.2) as if it were a static user's.
/// </summary>
public static class TurnRestCredentials
{
    /// <summary>coturn's default <c>rest-api-separator</c>.</summary>
    public const char Separator = ':';

    /// <summary>Mints a username/password pair valid until <paramref name="expiry"/>. An empty id yields a bare timestamp.</summary>
    public static (string Username, string Password) Mint(string secret, DateTimeOffset expiry, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(id);
        var timestamp = expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var username = id.Length == 0 ? timestamp : timestamp + Separator + id;
        return (username, ComputePassword(secret, username));
    }

    /// <summary>base64(HMAC-SHA1(secret, username)), both UTF-8.</summary>
    public static string ComputePassword(string secret, string username)
    {
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username), mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// Reads the expiry timestamp in front of the first separator (or the whole username when it
    /// has none). False for anything that is not 1–19 plain ASCII digits.
    /// </summary>
    public static bool TryGetExpiry(ReadOnlySpan<char> username, out DateTimeOffset expiry)
    {
        expiry = default;
        var separator = username.IndexOf(Separator);
        var digits = separator < 0 ? username : username[..separator];
        if (digits.IsEmpty || digits.Length > 19)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        expiry = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>True when the username is well-formed and its expiry is not in the past.</summary>
    public static bool IsCurrent(string username, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(time);
        return TryGetExpiry(username, out var expiry) && expiry >= time.GetUtcNow();
    }

    /// <summary>
    /// The password a client must use with <paramref name="username"/> under <paramref name="secret"/>;
    /// false when the username is malformed or expired.
    /// </summary>
    public static bool TryGetPassword(string username, string secret, TimeProvider time, [NotNullWhen(true)] out string? password)
    {
        password = null;
        if (string.IsNullOrEmpty(secret) || !IsCurrent(username, time))
        {
            return false;
        }

        password = ComputePassword(secret, username);
        return true;
    }

    /// <summary>
    /// One candidate password per secret, in order (the first secret mints, all are accepted so a
    /// secret can be rotated): the server checks MESSAGE-INTEGRITY against each. False when the
    /// username is malformed or expired, or no secret is configured.
    /// </summary>
    public static bool TryGetPasswords(string username, IReadOnlyList<string> secrets, TimeProvider time, [NotNullWhen(true)] out string[]? passwords)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        passwords = null;
        if (secrets.Count == 0 || !IsCurrent(username, time))
        {
            return false;
        }

        var result = new List<string>(secrets.Count);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                result.Add(ComputePassword(secret, username));
            }
        }

        if (result.Count == 0)
        {
            return false;
        }

        passwords = [.. result];
        return true;
    }
}
