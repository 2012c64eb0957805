using System.Security.Cryptography;

namespace RedConnect.Sfu.Ice;

/// <summary>
/// One side's ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4: a=ice-ufrag, a=ice-pwd).
/// </summary>
/// <param name="UsernameFragment">ice-ufrag: 4–256 ice-chars.</param>
/// <param name="Password">ice-pwd: 22–256 ice-chars.</param>
public sealed record IceCredentials(string UsernameFragment, string Password)
{
    /// <summary>Characters of our generated ufrag: 8 ice-chars = 48 random bits (RFC 8445 §5.3 asks ≥ 24).</summary>
    public const int GeneratedUfragLength = 8;

    /// <summary>Characters of our generated pwd: 24 ice-chars = 144 random bits (RFC 8445 §5.3 asks ≥ 128).</summary>
    public const int GeneratedPasswordLength = 24;

    // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/" — 64 symbols, 6 bits each.
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Fresh local credentials from the system CSPRNG.</summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength),
            RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>
    /// Whether the strings satisfy RFC 8839 §5.4 (ufrag 4–256 ice-chars, pwd 22–256 ice-chars).
    /// Remote credentials are checked with this before use; <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool IsValid(string? ufrag, string? pwd, out string? error)
    {
        if (ufrag is null || ufrag.Length is < 4 or > 256 || !IsIceChars(ufrag))
        {
            error = "ice-ufrag must be 4 to 256 ice-chars (RFC 8839 §5.4)";
            return false;
        }

        if (pwd is null || pwd.Length is < 22 or > 256 || !IsIceChars(pwd))
        {
            error = "ice-pwd must be 22 to 256 ice-chars (RFC 8839 §5.4)";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"ufrag={UsernameFragment}";

    private static bool IsIceChars(string value)
    {
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '/')
            {
                return false;
            }
        }

        return true;
    }
}
