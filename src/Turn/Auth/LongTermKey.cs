using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RedConnect.Turn.Auth;

/// <summary>
/// The long-term credential key (RFC 8489 §9.2.2): MD5(username ":" realm ":" password), the value
/// coturn calls HA1 and stores as <c>user=name:0x&lt;32 hex digits&gt;</c>; and its SHA-256 variant
/// for PASSWORD-ALGORITHM SHA-256 (RFC 8489 §18.5.1.2).
/// The RFC asks for OpaqueString (RFC 8265) processing of the password; coturn hashes the raw UTF-8
/// bytes, and so do we, so keys stay interchangeable with coturn's <c>turnadmin -k</c>.
/// </summary>
public static class LongTermKey
{
    public const int Md5Length = 16;

    public static byte[] ComputeMd5(string username, string realm, string password) =>
        MD5.HashData(Input(username, realm, password));

    public static byte[] ComputeSha256(string username, string realm, string password) =>
        SHA256.HashData(Input(username, realm, password));

    /// <summary>"0x" + lowercase hex, as turnadmin prints and turnserver.conf stores it.</summary>
    public static string ToCoturnHex(ReadOnlySpan<byte> key) => "0x" + Convert.ToHexStringLower(key);

    /// <summary>Parses "0x" followed by exactly 32 hex digits (an MD5 key). Never throws.</summary>
    public static bool TryParseCoturnHex(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (!IsCoturnHexSyntax(text))
        {
            return false;
        }

        var bytes = new byte[Md5Length];
        for (var i = 0; i < Md5Length; i++)
        {
            if (!byte.TryParse(text.Slice(2 + 2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        key = bytes;
        return true;
    }

    /// <summary>True when the text is written as a coturn HA1 key ("0x" prefix) rather than a plain password.</summary>
    public static bool LooksLikeCoturnHex(ReadOnlySpan<char> text) =>
        text.Length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');

    private static bool IsCoturnHexSyntax(ReadOnlySpan<char> text) =>
        text.Length == 2 + 2 * Md5Length && LooksLikeCoturnHex(text) && !text[2..].ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static byte[] Input(string username, string realm, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        return Encoding.UTF8.GetBytes(string.Concat(username, ":", realm, ":", password));
    }
}
