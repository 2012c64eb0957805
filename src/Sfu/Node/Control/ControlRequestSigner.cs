using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RedConnect.Sfu.Node.Control;

/// <summary>
/// Signs and verifies control API requests between nodes with a shared secret:
/// <c>HMAC-SHA256(secret, METHOD "\n" path "\n" timestamp "\n" nonce "\n" body)</c> in the
/// <see cref="SignatureHeader"/>, with the Unix-seconds <see cref="TimestampHeader"/> and a random
/// <see cref="NonceHeader"/>. A request is accepted once: within ±<see cref="AllowedSkew"/> of our clock, and
/// never again with the same nonce while its timestamp could still pass (replay cache).
/// </summary>
public sealed class ControlRequestSigner
{
    public const string TimestampHeader = "X-RC-Timestamp";
    public const string NonceHeader = "X-RC-Nonce";
    public const string SignatureHeader = "X-RC-Signature";

    public static readonly TimeSpan AllowedSkew = TimeSpan.FromSeconds(60);

    /// <summary>Nonces remembered at most; beyond this new requests are refused until old ones expire (flood guard).</summary>
    public const int MaxRememberedNonces = 100_000;

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private long _nextPurge;

    public ControlRequestSigner(ReadOnlySpan<byte> secret, TimeProvider? timeProvider = null)
    {
        if (secret.Length < 32) throw new ArgumentException("The node secret needs at least 32 bytes.", nameof(secret));
        _secret = secret.ToArray();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The three headers for one request.</summary>
    public (string Timestamp, string Nonce, string Signature) Sign(string method, string path, ReadOnlySpan<byte> body)
    {
        string timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return (timestamp, nonce, Compute(method, path, timestamp, nonce, body));
    }

    /// <summary>Checks one request; on failure says why in words safe to return to the caller.</summary>
    public bool TryVerify(string method, string path, string? timestamp, string? nonce, string? signature, ReadOnlySpan<byte> body, out string? error)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(signature) || nonce.Length > 64 || signature.Length > 64)
        {
            error = $"missing or oversized {TimestampHeader}, {NonceHeader} or {SignatureHeader}";
            return false;
        }

        byte[] expected = Base64Url.DecodeFromChars(Compute(method, path, timestamp, nonce, body));
        byte[] presented;
        try
        {
            presented = Base64Url.DecodeFromChars(signature);
        }
        catch (FormatException)
        {
            presented = [];
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            error = "request signature does not verify";
            return false;
        }

        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long sent) || Math.Abs(now - sent) > (long)AllowedSkew.TotalSeconds)
        {
            error = $"request timestamp is more than {AllowedSkew.TotalSeconds:0} s from the server clock";
            return false;
        }

        Purge(now);
        if (_seen.Count >= MaxRememberedNonces)
        {
            error = "too many requests in the replay window";
            return false;
        }

        if (!_seen.TryAdd(nonce, sent + 2 * (long)AllowedSkew.TotalSeconds))
        {
            error = "request was already seen (replay)";
            return false;
        }

        error = null;
        return true;
    }

    private string Compute(string method, string path, string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        hmac.AppendData(Encoding.UTF8.GetBytes(method.ToUpperInvariant() + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n"));
        hmac.AppendData(body);
        return Base64Url.EncodeToString(hmac.GetHashAndReset());
    }

    private void Purge(long now)
    {
        long next = Interlocked.Read(ref _nextPurge);
        if (now < next || Interlocked.CompareExchange(ref _nextPurge, now + 10, next) != next) return;
        foreach (KeyValuePair<string, long> entry in _seen)
        {
            if (entry.Value < now) _seen.TryRemove(entry);
        }
    }
}
