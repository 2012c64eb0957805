using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RedConnect.Turn.Auth;

/// <summary>Outcome of checking a NONCE.</summary>
internal enum NonceCheck
{
    Valid,
    /// <summary>Signed by us but older than the stale-nonce window: 438 with a new NONCE (RFC 8489 §9.2.4).</summary>
    Stale,
    /// <summary>Not one of ours (forged, truncated, garbage): also 438, the RFC's "no longer valid".</summary>
    Invalid,
}

/// <summary>
/// Stateless nonces (RFC 8489 §9.2): "rc" + 16 hex digits of the issue time in milliseconds + 16 hex digits
/// of HMAC-SHA256(server secret, time ‖ client IP) truncated to 64 bits. The server keeps no per-client
/// state, a nonce is only valid for the client IP it was issued to, and its age is read back from the
/// nonce itself. The secret is random per process: a restart invalidates all nonces (clients get 438 and
/// retry), which RFC 8489 allows.
/// </summary>
internal sealed class NonceService
{
    public const int Length = 34;
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;
    private readonly long _staleMilliseconds;

    public NonceService(TimeProvider time, int staleSeconds)
    {
        _time = time;
        _staleMilliseconds = staleSeconds * 1000L;
    }

    /// <summary>Writes a fresh nonce for <paramref name="clientIp"/> (4 or 16 bytes) into <paramref name="destination"/> (34 chars).</summary>
    public void Create(ReadOnlySpan<byte> clientIp, Span<char> destination) =>
        Write(_time.GetUtcNow().ToUnixTimeMilliseconds(), clientIp, destination);

    public NonceCheck Check(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> clientIp)
    {
        if (nonce.Length != Length || nonce[0] != (byte)'r' || nonce[1] != (byte)'c')
        {
            return NonceCheck.Invalid;
        }

        Span<char> text = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            text[i] = (char)nonce[i];
        }

        if (!ulong.TryParse(text.Slice(2, 16), System.Globalization.NumberStyles.AllowHexSpecifier,
                System.Globalization.CultureInfo.InvariantCulture, out var issued))
        {
            return NonceCheck.Invalid;
        }

        Span<char> expected = stackalloc char[Length];
        Write((long)issued, clientIp, expected);
        Span<byte> a = stackalloc byte[Length];
        Span<byte> b = stackalloc byte[Length];
        for (var i = 0; i < Length; i++)
        {
            a[i] = (byte)text[i];
            b[i] = (byte)expected[i];
        }

        if (!CryptographicOperations.FixedTimeEquals(a, b))
        {
            return NonceCheck.Invalid;
        }

        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)issued;
        return age < 0 || age > _staleMilliseconds ? NonceCheck.Stale : NonceCheck.Valid;
    }

    private void Write(long issuedMs, ReadOnlySpan<byte> clientIp, Span<char> destination)
    {
        Span<byte> input = stackalloc byte[8 + 16];
        BinaryPrimitives.WriteInt64BigEndian(input, issuedMs);
        clientIp.CopyTo(input[8..]);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, input[..(8 + clientIp.Length)], mac);
        destination[0] = 'r';
        destination[1] = 'c';
        ((ulong)issuedMs).TryFormat(destination.Slice(2, 16), out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        Convert.TryToHexStringLower(mac[..8], destination.Slice(18, 16), out _);
    }
}
