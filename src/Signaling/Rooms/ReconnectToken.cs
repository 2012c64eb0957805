using System.Security.Cryptography;
using System.Text;

namespace RedConnect.Signaling.Rooms;

/// <summary>
/// The secret a joined browser keeps to resume after a reload: 128 random bits. The server keeps only
/// its SHA-256 (a random 128-bit secret needs no slow hash) and compares in fixed time.
/// </summary>
public static class ReconnectToken
{
    public static string Create() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool Matches(byte[] expectedHash, string? presented) =>
        presented is { Length: > 0 and <= 64 }
        && CryptographicOperations.FixedTimeEquals(expectedHash, Hash(presented));
}
