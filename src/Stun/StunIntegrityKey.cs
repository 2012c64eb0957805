using System.Security.Cryptography;

namespace RedConnect.Stun;

/// <summary>
/// A MESSAGE-INTEGRITY / MESSAGE-INTEGRITY-SHA256 key prepared once and reused for many messages: the
/// fast path for per-packet work. With OpenSSL each one-shot HMAC sets up a fresh context (≈3× the cost of
/// reusing one), so an ICE session (key = local ice-pwd) or a TURN allocation (long-term key) should hold
/// one of these and pass it to <see cref="StunMessageReader.VerifyMessageIntegrity(StunIntegrityKey)"/> and
/// <see cref="StunMessageWriter.AddMessageIntegrity(StunIntegrityKey)"/>. Using it allocates nothing.
/// </summary>
/// <remarks>Not thread-safe: use one instance per thread or serialise access (e.g. per session).</remarks>
public sealed class StunIntegrityKey : IDisposable
{
    private readonly HMACSHA1 _sha1;
    private readonly HMACSHA256 _sha256;
    private bool _disposed;

    /// <summary>Prepares HMAC-SHA1 and HMAC-SHA256 with <paramref name="key"/> (from
    /// <see cref="StunCredentials"/>). Allocates; do it once per session, not per packet.</summary>
    public StunIntegrityKey(ReadOnlySpan<byte> key)
    {
        var copy = key.ToArray();
        _sha1 = new HMACSHA1(copy);
        _sha256 = new HMACSHA256(copy);
        CryptographicOperations.ZeroMemory(copy);
    }

    /// <summary>Computes HMAC-SHA1 (20 bytes) or HMAC-SHA256 (32 bytes) of <paramref name="data"/>.</summary>
    internal void Compute(bool sha256, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _ = sha256 ? _sha256.TryComputeHash(data, mac, out _) : _sha1.TryComputeHash(data, mac, out _);
    }

    /// <summary>Releases the HMAC contexts.</summary>
    public void Dispose()
    {
        _disposed = true;
        _sha1.Dispose();
        _sha256.Dispose();
    }
}
