using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace RedConnect.Stun;

/// <summary>
/// Key derivation for MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9) and the USERHASH value
/// (§14.4). Inputs are expected after OpaqueString (RFC 8265) processing; RedConnect uses plain UTF-8 of the
/// strings as given, which is what OpaqueString yields for the ASCII usernames and base64 passwords of our
/// TURN REST credentials. Every method writes into a caller buffer and allocates nothing.
/// </summary>
public static class StunCredentials
{
    /// <summary>Length of an MD5 long-term key.</summary>
    public const int Md5KeyLength = 16;

    /// <summary>Length of a SHA-256 long-term key, and of a USERHASH value.</summary>
    public const int Sha256KeyLength = 32;

    /// <summary>Large enough for any key this class derives.</summary>
    public const int MaxKeyLength = Sha256KeyLength;

    private const int StackLimit = 512;

    /// <summary>Key length for <paramref name="algorithm"/>: 16 for MD5, 32 for SHA-256.</summary>
    public static int GetKeyLength(StunPasswordAlgorithm algorithm) => algorithm switch
    {
        StunPasswordAlgorithm.Md5 => Md5KeyLength,
        StunPasswordAlgorithm.Sha256 => Sha256KeyLength,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>
    /// Short-term credential key (RFC 8489 §9.1.1): key = OpaqueString(password), here the UTF-8 bytes.
    /// Returns the number of bytes written. Used by ICE (the remote ice-pwd).
    /// </summary>
    public static int WriteShortTermKey(ReadOnlySpan<char> password, Span<byte> destination) =>
        Encoding.UTF8.GetBytes(password, destination);

    /// <summary>
    /// Long-term credential key (RFC 8489 §9.2.2): key = H(username ":" realm ":" password) with H = MD5 or
    /// SHA-256 according to <paramref name="algorithm"/> (MD5 when the exchange has no PASSWORD-ALGORITHM).
    /// Inputs are raw UTF-8; the realm without quotes. Returns the key length (16 or 32).
    /// </summary>
    [SkipLocalsInit]
    public static int WriteLongTermKey(StunPasswordAlgorithm algorithm, ReadOnlySpan<byte> username,
        ReadOnlySpan<byte> realm, ReadOnlySpan<byte> password, Span<byte> destination)
    {
        var keyLength = GetKeyLength(algorithm);
        var inputLength = username.Length + realm.Length + password.Length + 2;
        byte[]? rented = null;
        Span<byte> input = inputLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(inputLength));
        try
        {
            input = input[..inputLength];
            username.CopyTo(input);
            var i = username.Length;
            input[i++] = (byte)':';
            realm.CopyTo(input[i..]);
            i += realm.Length;
            input[i++] = (byte)':';
            password.CopyTo(input[i..]);
            _ = algorithm == StunPasswordAlgorithm.Md5
                ? MD5.HashData(input, destination[..keyLength])
                : SHA256.HashData(input, destination[..keyLength]);
            // The concatenation holds the password: do not leave it on the stack or in the pool.
            CryptographicOperations.ZeroMemory(input);
            return keyLength;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// String convenience for <see cref="WriteLongTermKey(StunPasswordAlgorithm, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>:
    /// UTF-8 encodes the three strings (on the stack when short) and derives the key.
    /// </summary>
    [SkipLocalsInit]
    public static int WriteLongTermKey(StunPasswordAlgorithm algorithm, ReadOnlySpan<char> username,
        ReadOnlySpan<char> realm, ReadOnlySpan<char> password, Span<byte> destination)
    {
        var max = Encoding.UTF8.GetMaxByteCount(username.Length + realm.Length + password.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var u = Encoding.UTF8.GetBytes(username, buffer);
            var r = Encoding.UTF8.GetBytes(realm, buffer[u..]);
            var p = Encoding.UTF8.GetBytes(password, buffer[(u + r)..]);
            var length = WriteLongTermKey(algorithm, buffer[..u], buffer.Slice(u, r), buffer.Slice(u + r, p), destination);
            CryptographicOperations.ZeroMemory(buffer[..(u + r + p)]);
            return length;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// USERHASH value (RFC 8489 §14.4): SHA-256(username ":" realm), 32 bytes written to
    /// <paramref name="destination"/>. Inputs are raw UTF-8.
    /// </summary>
    [SkipLocalsInit]
    public static void WriteUserHash(ReadOnlySpan<byte> username, ReadOnlySpan<byte> realm, Span<byte> destination)
    {
        var inputLength = username.Length + realm.Length + 1;
        byte[]? rented = null;
        Span<byte> input = inputLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(inputLength));
        try
        {
            input = input[..inputLength];
            username.CopyTo(input);
            input[username.Length] = (byte)':';
            realm.CopyTo(input[(username.Length + 1)..]);
            SHA256.HashData(input, destination[..Sha256KeyLength]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
