using System.Security.Cryptography;
using System.Text;

namespace RedConnect.Signaling.AccessCodes;

/// <summary>
/// The keyed hash under which the database finds a code at join: HMAC-SHA-256 with a server-side secret
/// that is not stored in the database, so a stolen database file yields neither the codes nor a way to
/// test guesses against them offline.
/// </summary>
public sealed class AccessCodeHasher
{
    private readonly byte[] _key;

    public AccessCodeHasher(byte[] key)
    {
        if (key.Length < 32) throw new ArgumentException("the access-code key needs at least 256 bits", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>Lower-case hex HMAC of the normalised code.</summary>
    public string Hash(string normalizedCode)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(normalizedCode), mac);
        return Convert.ToHexStringLower(mac);
    }
}
